package sso

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// relyingParty speaks to the provider through go-oidc and x/oauth2:
// discovery, the code exchange with PKCE, and the ID token's checks
// (signature against the provider's published keys, fetched again when a
// token names a key not yet seen, so that the provider may rotate them;
// issuer, audience, expiry). The nonce is checked by the caller.
type relyingParty struct {
	cfg Config

	mu       sync.Mutex
	provider *oidc.Provider // nil until discovery succeeds
}

func newRelyingParty(cfg Config) *relyingParty { return &relyingParty{cfg: cfg} }

// client puts the HTTP client in ctx, where go-oidc and x/oauth2 look for it.
func (r *relyingParty) client(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, r.cfg.HTTPClient)
}

// discover reads the provider's discovery document once it answers; until
// then every sign-in tries again.
func (r *relyingParty) discover(ctx context.Context) (*oidc.Provider, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.provider != nil {
		return r.provider, nil
	}
	// The key set keeps this context for its later fetches: it must not be
	// the request's, which ends with it.
	p, err := oidc.NewProvider(r.client(context.WithoutCancel(ctx)), r.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover %s: %w", r.cfg.Issuer, err)
	}
	r.provider = p
	return p, nil
}

func (r *relyingParty) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID: r.cfg.ClientID, ClientSecret: r.cfg.ClientSecret, RedirectURL: r.cfg.RedirectURL,
		Endpoint: p.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"},
	}
}

// authURL is where the browser goes to sign in at the provider.
func (r *relyingParty) authURL(ctx context.Context, state, nonce, verifier string) (string, error) {
	p, err := r.discover(ctx)
	if err != nil {
		return "", err
	}
	return r.oauth(p).AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), nil
}

// refusal is a sign-in refused: Code is what the SPA is told (it words it
// for people), Reason what the audit trail records.
type refusal struct {
	Code   string
	Reason string
	Email  string
	UserID string
	cause  error
}

func (r *refusal) Error() string {
	if r.cause != nil {
		return "sign-in refused: " + r.Reason + ": " + r.cause.Error()
	}
	return "sign-in refused: " + r.Reason
}

func refuse(code, reason string, cause error) *refusal {
	return &refusal{Code: code, Reason: reason, cause: cause}
}

// Codes the SPA turns into a message.
const (
	codeState       = "state"       // not begun in this browser, expired or spent
	codeProvider    = "provider"    // the provider said no
	codeToken       = "token"       // the provider's answer did not verify
	codeUnavailable = "unavailable" // the provider could not be reached
	codeNoRole      = "no_role"     // no group maps to a role
	codeDepartment  = "department"  // no department for a department head, or the mapping names none that exists
	codeDisabled    = "disabled"    // the account is disabled here
	codeEmailTaken  = "email_taken" // a local account has this email
	codeEmail       = "email"       // no verified email
	codeLastAdmin   = "last_admin"  // the groups would leave Caseward without an enabled admin
)

// exchange trades the code for tokens with the PKCE verifier and returns the
// verified ID token.
func (r *relyingParty) exchange(ctx context.Context, code, verifier string) (*oidc.IDToken, error) {
	p, err := r.discover(ctx)
	if err != nil {
		return nil, refuse(codeUnavailable, "provider_unreachable", err)
	}
	tok, err := r.oauth(p).Exchange(r.client(ctx), code, oauth2.VerifierOption(verifier))
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		// invalid_grant: a code spent already, or not issued for this verifier.
		return nil, refuse(codeToken, "code_refused", err)
	}
	if err != nil {
		return nil, refuse(codeUnavailable, "provider_unreachable", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return nil, refuse(codeToken, "no_id_token", nil)
	}
	idt, err := p.VerifierContext(r.client(ctx), &oidc.Config{ClientID: r.cfg.ClientID}).Verify(r.client(ctx), raw)
	if err != nil {
		return nil, refuse(codeToken, tokenDefect(err), err)
	}
	return idt, nil
}

// tokenDefect names what was wrong with an ID token. go-oidc has no error
// values for most defects, so its messages are read; a test per defect
// keeps these in step with the library.
func tokenDefect(err error) string {
	var expired *oidc.TokenExpiredError
	msg := err.Error()
	switch {
	case errors.As(err, &expired):
		return "token_expired"
	case strings.Contains(msg, "issued by a different provider"):
		return "wrong_issuer"
	case strings.Contains(msg, "expected audience"):
		return "wrong_audience"
	case strings.Contains(msg, "failed to verify signature"):
		return "bad_signature"
	case strings.Contains(msg, "malformed jwt"), strings.Contains(msg, "not signed"):
		return "unsigned_or_malformed"
	default:
		return "token_invalid"
	}
}
