// Command caseward-test-idp runs the test OpenID Connect provider
// (internal/sso/ssotest) on loopback, for browser tests and for trying single
// sign-on by hand. It is no identity provider for real use: it keeps
// everything in memory and accepts plain http.
//
//	caseward-test-idp --addr 127.0.0.1:9998 --redirect-uri http://127.0.0.1:8080/api/v1/auth/oidc/callback \
//	  --user 'ann:ann-password:ann@example.org:Ann Analyst:cw-responders,soc'
package main

import (
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/sso/ssotest"
)

// list is a repeatable flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, " ") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func main() {
	addr := flag.String("addr", "127.0.0.1:9998", "listen address (loopback)")
	clientID := flag.String("client-id", "caseward", "the one client's id")
	secret := flag.String("client-secret", "caseward-test-secret", "the one client's secret")
	var redirects, people list
	flag.Var(&redirects, "redirect-uri", "a redirect URI the client may use (repeatable)")
	flag.Var(&people, "user", "a person, username:password:email:Name:group,group (repeatable)")
	flag.Parse()
	if err := run(*addr, ssotest.Client{ID: *clientID, Secret: *secret, RedirectURIs: redirects}, people); err != nil {
		fmt.Fprintln(os.Stderr, "caseward-test-idp:", err)
		os.Exit(1)
	}
}

func run(addr string, client ssotest.Client, people []string) error {
	host, _, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
		return errors.New("--addr must be a loopback host:port: this provider is for tests only")
	}
	var users []ssotest.User
	for _, p := range people {
		f := strings.SplitN(p, ":", 5)
		if len(f) != 5 {
			return fmt.Errorf("--user %q: want username:password:email:Name:group,group", p)
		}
		users = append(users, ssotest.User{Subject: "sub-" + f[0], Username: f[0], Password: f[1], Email: f[2],
			EmailVerified: true, Name: f[3], Groups: strings.Split(f[4], ",")})
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	issuer := "http://" + ln.Addr().String()
	p, err := ssotest.New(issuer, client, users...)
	if err != nil {
		return err
	}
	log.Printf("test provider ready at %s", issuer)
	srv := &http.Server{Handler: p, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}
