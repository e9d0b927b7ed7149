package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// Guard keeps webhooks away from addresses an attacker would aim them at
// (server-side request forgery): loopback, private, link-local (the cloud
// metadata service at 169.254.169.254), shared (CGNAT), unspecified,
// multicast and the other special ranges, unless Allow lists them. It checks
// a URL when it is saved and every address when it is dialled, since a name
// may resolve elsewhere later.
type Guard struct {
	Allow     []netip.Prefix // CASEWARD_WEBHOOK_ALLOW
	AllowHTTP bool           // CASEWARD_WEBHOOK_ALLOW_HTTP: plain http:// URLs too
	// Resolve looks a host up at save time; nil uses the system resolver.
	Resolve func(ctx context.Context, host string) ([]netip.Addr, error)
}

// ErrForbiddenAddress is the dial error for an address the guard refuses.
var ErrForbiddenAddress = errors.New("address not allowed for webhooks")

// special are the ranges no webhook may reach besides what netip's
// predicates name (loopback, private, link-local, multicast, unspecified).
var special = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8",       // this network
		"100.64.0.0/10",   // shared address space (CGNAT)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation
		"203.0.113.0/24",  // documentation
		"240.0.0.0/4",     // reserved, and the broadcast address
		"64:ff9b::/96",    // NAT64: reaches IPv4 behind it
		"64:ff9b:1::/48",  // local-use NAT64
		"100::/64",        // discard
		"2001::/23",       // IETF protocol assignments (Teredo among them)
		"2001:db8::/32",   // documentation
		"2002::/16",       // 6to4: embeds any IPv4 address
		"fec0::/10",       // site-local (deprecated)
		"ff00::/8",        // multicast
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// Allowed reports whether a webhook may reach addr.
func (g Guard) Allowed(addr netip.Addr) bool {
	addr = addr.Unmap()
	for _, p := range g.Allow {
		if p.Contains(addr) {
			return true
		}
	}
	if !addr.IsValid() || addr.IsLoopback() || addr.IsPrivate() || addr.IsLinkLocalUnicast() || addr.IsLinkLocalMulticast() ||
		addr.IsInterfaceLocalMulticast() || addr.IsMulticast() || addr.IsUnspecified() {
		return false
	}
	for _, p := range special {
		if p.Contains(addr) {
			return false
		}
	}
	return true
}

// CheckURL returns why raw may not be a webhook's URL, "" when it may.
func (g Guard) CheckURL(ctx context.Context, raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !u.IsAbs() || u.Host == "" || u.Opaque != "" {
		return "must be an absolute URL such as https://example.com/hooks"
	}
	switch {
	case u.Scheme == "https":
	case u.Scheme == "http" && g.AllowHTTP:
	case u.Scheme == "http":
		return "must use https"
	default:
		return "must be an https URL"
	}
	if u.User != nil {
		return "must not hold a user name or password"
	}
	if u.Fragment != "" {
		return "must not have a fragment (#…)"
	}
	host := u.Hostname()
	if addr, err := netip.ParseAddr(host); err == nil {
		if !g.Allowed(addr) {
			return "points at an address webhooks may not reach (loopback, private, link-local or reserved)"
		}
		return ""
	}
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		if !g.Allowed(netip.MustParseAddr("127.0.0.1")) {
			return "points at an address webhooks may not reach (loopback, private, link-local or reserved)"
		}
	}
	resolve := g.Resolve
	if resolve == nil {
		resolve = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	addrs, err := resolve(ctx, host)
	if err != nil {
		return "" // a name that does not resolve yet is checked again at every dial
	}
	for _, a := range addrs {
		if !g.Allowed(a) {
			return "resolves to an address webhooks may not reach (loopback, private, link-local or reserved)"
		}
	}
	return ""
}

// The bounds of one attempt.
const (
	attemptTimeout = 15 * time.Second
	responseLimit  = 64 << 10 // read of a response body, at most
	snippetLimit   = 2048     // of it kept in the delivery log
)

// Client returns the HTTP client that sends webhooks: it dials only addresses
// the guard allows (checked on the address actually dialled, after the name
// was resolved), uses no proxy, follows no redirect and gives up after
// attemptTimeout.
func (g Guard) Client() *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			ap, err := netip.ParseAddrPort(address)
			if err != nil {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, address)
			}
			if !g.Allowed(ap.Addr()) {
				return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
			}
			return nil
		},
	}
	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            dialer.DialContext,
		TLSHandshakeTimeout:    5 * time.Second,
		ResponseHeaderTimeout:  10 * time.Second,
		MaxIdleConnsPerHost:    2,
		IdleConnTimeout:        30 * time.Second,
		MaxResponseHeaderBytes: 16 << 10,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   attemptTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// readSnippet reads at most responseLimit of body and returns its first
// snippetLimit bytes, cut at a rune boundary.
func readSnippet(body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, responseLimit))
	if len(b) > snippetLimit {
		b = b[:snippetLimit] // a rune cut in half is dropped below
	}
	return strings.ToValidUTF8(strings.ReplaceAll(string(b), "\x00", ""), "")
}
