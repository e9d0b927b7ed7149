package httpx

import (
	"net"
	"net/netip"

	"github.com/labstack/echo/v4"
)

// ClientIP says how a request's client address is told, for the rate limits,
// sign-in throttling, the audit trail and the access log. With no trusted
// proxies it is the connection's own address, and any X-Forwarded-For is the
// client's to forge, so it is ignored. Behind a load balancer every
// connection comes from the balancer, so its address would stand for every
// client: name the balancers in trusted, and a request whose connection comes
// from one of them is taken to come from the nearest address of its
// X-Forwarded-For that is not itself a trusted proxy (the balancer appends the
// address it saw, so what a client wrote before that is never reached). A
// request from anywhere else keeps its connection's address, whatever it
// claims.
func ClientIP(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	// Only the named ranges: echo would otherwise trust loopback, link-local
	// and private addresses by default.
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}
