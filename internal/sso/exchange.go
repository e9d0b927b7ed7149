package sso

import (
	"context"
	"crypto/subtle"
	"fmt"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
)

var errBadHandoff = apperr.New(apperr.Unauthenticated, "this sign-in code is not valid, was used already or has expired; sign in again")

// Exchange trades a finished sign-in's one-time code for a session. The code
// is spent on the first try, right or wrong browser; it works for a minute
// and only in the browser that began the sign-in, so that a code leaked
// from the address bar or pushed on someone else signs nobody in.
func (s *Service) Exchange(ctx context.Context, binding, code string) (auth.Session, error) {
	var session auth.Session
	reason := ""
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		h, err := s.store.TakeSSOHandoff(ctx, hash(code))
		switch {
		case apperr.Is(err, apperr.NotFound):
			reason = "handoff_unknown_or_spent"
			return nil
		case err != nil:
			return fmt.Errorf("take sign-in code: %w", err)
		case !validSecret(binding) || subtle.ConstantTimeCompare([]byte(hash(binding)), []byte(h.BindingHash)) != 1:
			reason = "handoff_browser_mismatch"
			return nil
		case !s.now().Before(h.ExpiresAt):
			reason = "handoff_expired"
			return nil
		}
		u, err := s.store.UserByID(ctx, h.UserID)
		if err != nil {
			return fmt.Errorf("sign-in code's account: %w", err)
		}
		if u.Disabled { // disabled within the minute since the callback
			reason = "account_disabled"
			return nil
		}
		if session, err = s.sessions.StartSession(ctx, u); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.login", EntityType: "user", EntityID: u.ID.String(),
			ActorID: u.ID.String(), ActorEmail: u.Email, Changes: audit.Changes{"method": {nil, Method}}})
	})
	if err != nil || reason == "" {
		return session, err
	}
	// The spent code stays spent: the refusal is recorded on its own.
	if err := s.recordRefusal(ctx, reason, "", ""); err != nil {
		return auth.Session{}, err
	}
	return auth.Session{}, errBadHandoff
}
