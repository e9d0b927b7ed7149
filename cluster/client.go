package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// client is one user of Caseward at an address of its own on loopback
// (127.0.0.x): behind the balancer each is counted under its own address.
type client struct {
	http  *http.Client
	base  string
	src   string // the client's address
	token string
}

func newClient(base, src string) *client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(src)}}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	return &client{http: &http.Client{Transport: tr, Timeout: 2 * time.Minute}, base: base, src: src}
}

// at is the same user sending to another address (a replica directly).
func (c *client) at(base string) *client {
	d := *c
	d.base = base
	return &d
}

// answer is a finished exchange: a status, or the error that stood for one.
type answer struct {
	status int
	body   []byte
	header http.Header
	err    error
}

func (a answer) ok() bool { return a.err == nil && a.status >= 200 && a.status < 300 }

// kind names an outcome for the report.
func (a answer) kind() string {
	switch {
	case a.err != nil:
		return "transport error"
	case a.ok():
		return "2xx"
	}
	return strconv.Itoa(a.status)
}

func (a answer) String() string {
	if a.err != nil {
		return a.err.Error()
	}
	return fmt.Sprintf("%d %s", a.status, bytes.TrimSpace(a.body))
}

// do sends a request with the user's token; body is JSON unless it is a
// reader, whose content type comes in header.
func (c *client) do(ctx context.Context, method, path string, body any, header ...string) answer {
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case io.Reader:
		rd = b
	default:
		buf, err := json.Marshal(b)
		if err != nil {
			return answer{err: err}
		}
		rd = bytes.NewReader(buf)
		header = append([]string{"Content-Type", "application/json"}, header...)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return answer{err: err}
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return answer{status: res.StatusCode, body: b, header: res.Header, err: err}
}

// decode reads a 2xx answer's JSON into out.
func (a answer) decode(out any) error {
	if !a.ok() {
		return fmt.Errorf("answered %s", a)
	}
	return json.Unmarshal(a.body, out)
}

// signIn signs in as email and keeps the access token.
func (c *client) signIn(ctx context.Context, email, password string) error {
	var tk struct {
		AccessToken string `json:"access_token"`
	}
	a := c.do(ctx, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": email, "password": password})
	if err := a.decode(&tk); err != nil {
		return fmt.Errorf("sign in as %s: %w", email, err)
	}
	if tk.AccessToken == "" {
		return errors.New("sign in as " + email + ": no access token")
	}
	c.token = tk.AccessToken
	return nil
}

// until retries fn every interval until it succeeds or wait passes, for the
// set-up steps (never for the load's writes).
func until(wait, interval time.Duration, fn func() error) error {
	deadline := time.Now().Add(wait)
	for {
		err := fn()
		if err == nil || time.Now().After(deadline) {
			return err
		}
		time.Sleep(interval)
	}
}
