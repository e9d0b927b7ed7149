package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// SMTP says how to reach the mail server (CASEWARD_SMTP_URL).
type SMTP struct {
	Addr     string // host:port
	Implicit bool   // smtps://: TLS from the first byte
	StartTLS bool   // smtp://: STARTTLS required (false only with ?starttls=false)
	Username string
	Password string
	// TLS is the client's TLS configuration; nil verifies the server's
	// certificate against the system's roots for its host name.
	TLS *tls.Config
	// Timeout bounds connecting and each command; zero means 30 seconds.
	Timeout time.Duration
}

// ParseSMTPURL reads smtp://user:pass@host:587 (STARTTLS required unless
// ?starttls=false) or smtps://user:pass@host:465 (implicit TLS).
func ParseSMTPURL(raw string) (SMTP, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return SMTP{}, errors.New("want smtp://user:pass@host:587 or smtps://host:465")
	}
	var s SMTP
	switch u.Scheme {
	case "smtp":
		s.StartTLS = true
		switch u.Query().Get("starttls") {
		case "", "true":
		case "false":
			s.StartTLS = false
		default:
			return SMTP{}, errors.New("starttls must be true or false")
		}
	case "smtps":
		s.Implicit = true
	default:
		return SMTP{}, errors.New("want an smtp:// or smtps:// URL")
	}
	if u.Hostname() == "" {
		return SMTP{}, errors.New("the URL names no host")
	}
	port := u.Port()
	if port == "" {
		port = map[bool]string{true: "465", false: "587"}[s.Implicit]
	}
	s.Addr = net.JoinHostPort(u.Hostname(), port)
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	return s, nil
}

func (s SMTP) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return 30 * time.Second
}

func (s SMTP) tlsConfig() *tls.Config {
	if s.TLS != nil {
		return s.TLS.Clone()
	}
	host, _, _ := net.SplitHostPort(s.Addr)
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}

// Send delivers one message to one recipient, every step within the timeout.
func (s SMTP) Send(ctx context.Context, from, to string, msg []byte) error {
	ctx, cancel := context.WithTimeout(ctx, s.timeout()*4)
	defer cancel()
	d := net.Dialer{Timeout: s.timeout()}
	conn, err := d.DialContext(ctx, "tcp", s.Addr)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", s.Addr, err)
	}
	deadline, _ := ctx.Deadline()
	_ = conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	var c *smtp.Client
	switch {
	case s.Implicit:
		tc := tls.Client(conn, s.tlsConfig())
		if err := tc.HandshakeContext(ctx); err != nil {
			conn.Close()
			return fmt.Errorf("TLS with %s: %w", s.Addr, err)
		}
		c = smtp.NewClient(tc)
	case s.StartTLS:
		c, err = smtp.NewClientStartTLS(conn, s.tlsConfig())
		if err != nil {
			conn.Close()
			return fmt.Errorf("STARTTLS with %s: %w", s.Addr, err)
		}
	default:
		c = smtp.NewClient(conn)
	}
	defer func() { _ = c.Close() }()
	c.CommandTimeout, c.SubmissionTimeout = s.timeout(), s.timeout()
	if s.Username != "" {
		if err := c.Auth(sasl.NewPlainClient("", s.Username, s.Password)); err != nil {
			return fmt.Errorf("sign in to %s: %w", s.Addr, err)
		}
	}
	if err := c.SendMail(from, []string{to}, strings.NewReader(string(msg))); err != nil {
		return err
	}
	_ = c.Quit() // the server has taken the message: a lost goodbye sends nothing twice
	return nil
}
