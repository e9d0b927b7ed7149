package sso

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
)

// Begun is a sign-in sent to the provider.
type Begun struct {
	RedirectURL string // the provider's authorization endpoint
	// Binding is the value of the cookie that ties the sign-in to this
	// browser: its callback, and the exchange of its code, need it.
	Binding string
}

// LoginPath is the SPA's sign-in page; a refused sign-in lands there with
// ?sso_error=<code>.
const LoginPath = "/login"

// HandoffPath is the SPA's page that exchanges a finished sign-in's code,
// which it finds in the URL's fragment (never sent to any server).
const HandoffPath = "/login/sso"

// Begin records a new sign-in and returns where to send the browser. The
// browser's existing binding is kept, so that sign-ins begun in two tabs
// both finish; returnTo is kept only when it is a path inside the app.
func (s *Service) Begin(ctx context.Context, binding, returnTo string) (Begun, error) {
	if !validSecret(binding) {
		binding = secret()
	}
	state, nonce, verifier := secret(), secret(), oauth2.GenerateVerifier()
	target, err := s.rp.authURL(ctx, state, nonce, verifier)
	if err != nil {
		// The binding is kept all the same: a sign-in begun in another tab
		// may still be under way.
		return Begun{Binding: binding}, apperr.Wrap(apperr.Unavailable, "the sign-in provider cannot be reached; try again shortly", err)
	}
	now := s.now()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.PruneSSO(ctx, now); err != nil {
			return err
		}
		return s.store.InsertSSOState(ctx, State{StateHash: hash(state), BindingHash: hash(binding), Nonce: nonce, Verifier: verifier,
			ReturnTo: SafeReturnPath(returnTo), CreatedAt: now, ExpiresAt: now.Add(StateTTL)})
	})
	if err != nil {
		return Begun{}, fmt.Errorf("record sign-in: %w", err)
	}
	return Begun{RedirectURL: target, Binding: binding}, nil
}

// Callback is what the provider sent the browser back with.
type Callback struct {
	Binding string // the browser's binding cookie
	State   string
	Code    string
	Error   string // the provider's error code, when it refused
}

// Finish completes a sign-in at the provider's callback and returns where to
// send the browser: the SPA's handoff page with a one-time code in the
// fragment, or the sign-in page with a short error code. Every refusal is
// audited; an error is a fault of Caseward's own.
func (s *Service) Finish(ctx context.Context, in Callback) (string, error) {
	target, err := s.finish(ctx, in)
	var r *refusal
	if !errors.As(err, &r) {
		return target, err
	}
	if err := s.recordRefusal(ctx, r.Reason, r.Email, r.UserID); err != nil {
		return "", err
	}
	return LoginPath + "?sso_error=" + r.Code, nil
}

// Refusals are audited up to refusalsAudited per client address in
// refusalWindow, like failed password sign-ins (which the sign-in throttle
// bounds): the callback and the exchange need no sign-in, so without a bound
// anyone could fill the audit trail with made-up callbacks. Past it a
// refusal is still refused, only not recorded again.
const (
	refusalsAudited = 50
	refusalWindow   = 15 * time.Minute
)

// recordRefusal audits a refused sign-in, within the bound above.
func (s *Service) recordRefusal(ctx context.Context, reason, email, userID string) error {
	now := s.now()
	n, _, err := s.store.ReserveLoginAttempt(ctx, "sso-refusal-ip:"+identity.From(ctx).IP, now, now.Add(-refusalWindow))
	if err != nil {
		return fmt.Errorf("count refused sign-ins: %w", err)
	}
	if n > refusalsAudited {
		return nil
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login_failed", EntityType: "user", EntityID: userID,
			ActorEmail: email, Changes: audit.Changes{"method": {nil, Method}, "reason": {nil, reason}}})
	})
}

func (s *Service) finish(ctx context.Context, in Callback) (string, error) {
	if in.State == "" || len(in.State) > 200 {
		return "", refuse(codeState, "state_missing", nil)
	}
	var st State
	err := s.store.InTx(ctx, func(ctx context.Context) (err error) {
		st, err = s.store.TakeSSOState(ctx, hash(in.State))
		return err
	})
	switch {
	case apperr.Is(err, apperr.NotFound):
		return "", refuse(codeState, "state_unknown_or_spent", nil)
	case err != nil:
		return "", fmt.Errorf("take sign-in state: %w", err)
	case !validSecret(in.Binding) || subtle.ConstantTimeCompare([]byte(hash(in.Binding)), []byte(st.BindingHash)) != 1:
		// Begun in another browser: a login CSRF, or cookies lost.
		return "", refuse(codeState, "browser_mismatch", nil)
	case !s.now().Before(st.ExpiresAt):
		return "", refuse(codeState, "state_expired", nil)
	case in.Error != "":
		return "", refuse(codeProvider, "provider_error:"+oneWord(in.Error), nil)
	case in.Code == "":
		return "", refuse(codeProvider, "no_code", nil)
	}
	idt, err := s.rp.exchange(ctx, in.Code, st.Verifier)
	if err != nil {
		return "", err
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(st.Nonce)) != 1 {
		return "", refuse(codeToken, "wrong_nonce", nil)
	}
	c, err := s.readClaims(idt)
	if err != nil {
		return "", err
	}
	code := secret()
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		u, err := s.account(ctx, c)
		if err != nil {
			return err
		}
		now := s.now()
		return s.store.InsertSSOHandoff(ctx, Handoff{CodeHash: hash(code), BindingHash: st.BindingHash, UserID: u.ID,
			CreatedAt: now, ExpiresAt: now.Add(HandoffTTL)})
	})
	if err != nil {
		return "", err
	}
	return HandoffPath + "#code=" + code + "&return_to=" + url.QueryEscape(st.ReturnTo), nil
}

// claims is what Caseward reads of a verified ID token.
type claims struct {
	Issuer, Subject, Email, Name string
	Groups                       []string
}

func (s *Service) readClaims(idt *oidc.IDToken) (claims, error) {
	var raw map[string]any
	if err := idt.Claims(&raw); err != nil {
		return claims{}, refuse(codeToken, "claims_unreadable", err)
	}
	c := claims{Issuer: idt.Issuer, Subject: idt.Subject}
	c.Email, _ = raw["email"].(string)
	c.Name, _ = raw["name"].(string)
	c.Groups = stringList(raw[s.cfg.GroupsClaim])
	if verified, ok := raw["email_verified"].(bool); ok && !verified {
		return c, &refusal{Code: codeEmail, Reason: "email_unverified", Email: c.Email}
	}
	if c.Email == "" || c.Subject == "" {
		return c, refuse(codeEmail, "email_missing", nil)
	}
	if a, err := mail.ParseAddress(c.Email); err != nil || a.Address != c.Email || len(c.Email) > 254 {
		return c, refuse(codeEmail, "email_invalid", err)
	}
	return c, nil
}

// stringList reads a claim that lists names, or holds one.
func stringList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// SafeReturnPath keeps where to go after signing in inside the app: a path
// that is not the sign-in page itself, else "/".
func SafeReturnPath(p string) string {
	if len(p) > 512 || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.HasPrefix(p, "/\\") ||
		strings.HasPrefix(p, LoginPath) || strings.HasPrefix(p, "/api/") || strings.IndexFunc(p, unicode.IsControl) >= 0 {
		return "/"
	}
	return p
}

// validSecret accepts what secret makes: 26 characters of base32.
func validSecret(s string) bool {
	if len(s) != 26 {
		return false
	}
	for _, r := range s {
		if (r < 'A' || r > 'Z') && (r < '2' || r > '7') {
			return false
		}
	}
	return true
}

// oneWord keeps a provider's error code safe to record: a short token.
func oneWord(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '_' || r == '-' || unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
	if len(s) > 40 {
		s = s[:40]
	}
	return s
}
