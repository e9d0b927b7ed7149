package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// proxySettings say which peers are load balancers or reverse proxies whose
// X-Forwarded-For names the client (issue 25: replicas behind a balancer).
var proxySettings = []setting{
	{env: "CASEWARD_TRUSTED_PROXIES", flag: "trusted-proxies", usage: "comma-separated CIDRs of the load balancers or reverse proxies in front of Caseward, e.g. 10.0.0.5/32: a request from one of them is taken to come from the address its X-Forwarded-For names; empty trusts no header and uses the connection's address",
		parse: func(c *Config, v string) error {
			ps, err := prefixes(v)
			if err != nil {
				return err
			}
			for _, p := range ps {
				if p.Bits() == 0 {
					return fmt.Errorf("%s would trust every address, and let anyone choose the address they are counted under: name the proxies", p)
				}
			}
			c.TrustedProxies = ps
			return nil
		}},
}

// prefixes reads a comma-separated list of CIDRs; blanks are skipped.
func prefixes(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("want CIDRs such as 10.20.0.0/16 or 10.0.0.5/32, got %q", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
