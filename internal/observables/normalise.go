package observables

import (
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/caseward/caseward/internal/text"
)

// MaxValueLength is the longest value, in characters, of any type.
const MaxValueLength = 2048

// dns checks and converts a domain name as a resolver would look it up:
// Unicode mapped to lower case and to its ASCII (punycode) form, labels of
// letters, digits and hyphens, each at most 63 bytes, the name at most 253.
var dns = idna.New(idna.MapForLookup(), idna.BidiRule(), idna.VerifyDNSLength(true), idna.StrictDomainName(true))

var (
	md5Hex    = regexp.MustCompile(`^[0-9a-f]{32}$`)
	sha1Hex   = regexp.MustCompile(`^[0-9a-f]{40}$`)
	sha256Hex = regexp.MustCompile(`^[0-9a-f]{64}$`)
	scheme    = regexp.MustCompile(`^[a-z][a-z0-9+.-]*$`)
)

// Normalise checks that raw is a value of type t and returns its canonical
// form: the one stored, compared and counted as a sighting. The error says
// what is wrong in words a form can show next to the value.
func Normalise(t Type, raw string) (string, error) {
	v := strings.TrimSpace(raw)
	switch {
	case v == "":
		return "", fmt.Errorf("is required")
	case !utf8.ValidString(v):
		return "", fmt.Errorf("is not valid UTF-8")
	case utf8.RuneCountInString(v) > MaxValueLength:
		return "", fmt.Errorf("is longer than %d characters", MaxValueLength)
	case !text.OneLine(v):
		return "", fmt.Errorf("must be one line without control characters")
	}
	switch t {
	case IPv4, IPv6, CIDR, Domain, URL, Email, Hostname:
		v = Refang(v)
	}
	switch t {
	case IPv4, IPv6:
		a, err := netip.ParseAddr(v)
		if err != nil || a.Zone() != "" {
			return "", fmt.Errorf("is not an %s address", addressKind(t))
		}
		if (t == IPv4) != a.Is4() {
			return "", fmt.Errorf("is not an %s address", addressKind(t))
		}
		return a.String(), nil
	case CIDR:
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return "", fmt.Errorf("is not a network in CIDR notation (such as 192.0.2.0/24)")
		}
		return p.Masked().String(), nil
	case Domain:
		d, err := domainName(v)
		if err != nil {
			return "", err
		}
		if !strings.Contains(d, ".") {
			return "", fmt.Errorf("is one label: a domain has at least two (example.org); a single name is a hostname")
		}
		return d, nil
	case Hostname:
		return domainName(v)
	case URL:
		return normaliseURL(v)
	case Email:
		a, err := mail.ParseAddress(v)
		if err != nil || a.Address != v || a.Name != "" {
			return "", fmt.Errorf("is not an email address")
		}
		at := strings.LastIndexByte(v, '@')
		d, err := domainName(v[at+1:])
		if err != nil {
			return "", fmt.Errorf("is not an email address: its domain %w", err)
		}
		return strings.ToLower(v[:at]) + "@" + d, nil
	case MD5, SHA1, SHA256:
		h := strings.ToLower(v)
		re := map[Type]*regexp.Regexp{MD5: md5Hex, SHA1: sha1Hex, SHA256: sha256Hex}[t]
		if !re.MatchString(h) {
			return "", fmt.Errorf("is not an %s hash (%d hexadecimal digits)", strings.ToUpper(string(t)), map[Type]int{MD5: 32, SHA1: 40, SHA256: 64}[t])
		}
		return h, nil
	case FileName, UserAccount, Other:
		return v, nil
	}
	return "", fmt.Errorf("has an unknown type %q", t)
}

func addressKind(t Type) string {
	if t == IPv4 {
		return "IPv4"
	}
	return "IPv6"
}

// domainName is v as a resolver looks it up: lower case, ASCII (punycode),
// without a final dot.
func domainName(v string) (string, error) {
	d, err := dns.ToASCII(strings.TrimSuffix(v, "."))
	if err != nil || d == "" || strings.HasSuffix(d, ".") {
		return "", fmt.Errorf("is not a valid domain name")
	}
	// A name whose ASCII form does not read back as itself (a mapping that
	// passes one rule before it and fails another after it) is refused:
	// stored values must compare equal to the same value typed again.
	if again, err := dns.ToASCII(d); err != nil || again != d {
		return "", fmt.Errorf("is not a valid domain name")
	}
	if _, err := netip.ParseAddr(d); err == nil {
		return "", fmt.Errorf("is an IP address, not a name")
	}
	return d, nil
}

// normaliseURL lowers the case of the scheme and host, writes the host in
// ASCII and leaves out a default port; the rest is kept as given.
func normaliseURL(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || u.Opaque != "" {
		return "", fmt.Errorf("is not an absolute URL (such as https://example.org/path)")
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if !scheme.MatchString(u.Scheme) {
		return "", fmt.Errorf("has no valid scheme")
	}
	host, port := u.Hostname(), u.Port()
	if a, err := netip.ParseAddr(host); err == nil {
		host = a.String()
		if a.Is6() {
			host = "[" + host + "]"
		}
	} else if host, err = domainName(host); err != nil {
		return "", fmt.Errorf("has a host that %w", err)
	}
	if port == "" || (u.Scheme == "http" && port == "80") || (u.Scheme == "https" && port == "443") {
		u.Host = host
	} else {
		u.Host = host + ":" + port
	}
	return u.String(), nil
}
