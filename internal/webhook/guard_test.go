package webhook

import (
	"context"
	"net/netip"
	"testing"
)

// The guard refuses every internal or special range, IPv4-mapped forms
// included, and lets the allow list open one.
func TestGuardAllowed(t *testing.T) {
	g := Guard{}
	for addr, want := range map[string]bool{
		"93.184.215.14": true, "2606:4700::1111": true, "8.8.8.8": true,
		"127.0.0.1": false, "127.8.9.10": false, "::1": false, "10.0.0.1": false, "172.16.5.4": false, "192.168.1.1": false,
		"169.254.169.254": false, "100.64.0.1": false, "0.0.0.0": false, "::": false, "224.0.0.251": false, "255.255.255.255": false,
		"fd12:3456::1": false, "fe80::1": false, "ff02::1": false, "::ffff:10.0.0.1": false, "::ffff:169.254.169.254": false,
		"64:ff9b::a00:1": false, "2002:a00:1::": false, "192.0.2.1": false, "198.18.0.1": false, "240.0.0.1": false,
	} {
		if got := g.Allowed(netip.MustParseAddr(addr)); got != want {
			t.Errorf("Allowed(%s) = %v, want %v", addr, got, want)
		}
	}
	open := Guard{Allow: []netip.Prefix{netip.MustParsePrefix("10.20.0.0/16")}}
	if !open.Allowed(netip.MustParseAddr("10.20.3.4")) || open.Allowed(netip.MustParseAddr("10.21.0.1")) {
		t.Error("the allow list opens exactly its range")
	}
}

// A public-looking name that resolves inside is refused when saved.
func TestCheckURLResolvesNames(t *testing.T) {
	g := Guard{Resolve: func(_ context.Context, host string) ([]netip.Addr, error) {
		if host == "metadata.example.com" {
			return []netip.Addr{netip.MustParseAddr("93.184.215.14"), netip.MustParseAddr("169.254.169.254")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("93.184.215.14")}, nil
	}}
	if why := g.CheckURL(context.Background(), "https://metadata.example.com/hook"); why == "" {
		t.Error("a name resolving to the metadata service was accepted")
	}
	if why := g.CheckURL(context.Background(), "https://siem.example.com/hook?x=1"); why != "" {
		t.Errorf("a public name was refused: %s", why)
	}
}
