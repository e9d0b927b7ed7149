package auth

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/text"
	"github.com/caseward/caseward/internal/users"
)

// SignInSession is a sign-in as its owner sees it in their list: a
// refresh-token family, live while one of its refresh tokens is neither
// revoked nor expired.
type SignInSession struct {
	ID         uuid.UUID // the refresh-token family
	UserID     uuid.UUID
	CreatedAt  time.Time
	LastUsedAt time.Time // the sign-in, or its latest refresh of the access token
	IP         string
	UserAgent  string
}

// maxUserAgent bounds the device a session is recognised by.
const maxUserAgent = 300

// device is the caller's user agent as a session keeps it: one line of at
// most maxUserAgent characters.
func device(p identity.Principal) string {
	ua := []rune(text.AsOneLine(strings.ToValidUTF8(p.UserAgent, "")))
	if len(ua) > maxUserAgent {
		ua = ua[:maxUserAgent]
	}
	return string(ua)
}

// Sessions lists the caller's live sign-ins, newest first.
func (s *Service) Sessions(ctx context.Context) ([]SignInSession, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return nil, err
	}
	return s.store.LiveSessions(ctx, p.UserID, s.now())
}

// UserSessions lists any account's live sign-ins; administrators only.
func (s *Service) UserSessions(ctx context.Context, userID uuid.UUID) ([]SignInSession, error) {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return nil, err
	}
	if p.Role != string(users.Admin) {
		return nil, apperr.New(apperr.Forbidden, "only administrators see other people's sessions")
	}
	if _, err := s.store.UserByID(ctx, userID); err != nil {
		return nil, err
	}
	return s.store.LiveSessions(ctx, userID, s.now())
}

// EndSession ends a sign-in at once: its refresh tokens are revoked, and its
// access token is refused from the next request on (on other replicas within
// a second, as they remember a sign-in that long). With ownOnly it ends only
// the caller's own; otherwise the caller must be an administrator. Any other
// session, or one already ended, is not found.
func (s *Service) EndSession(ctx context.Context, id uuid.UUID, ownOnly bool) error {
	p := identity.From(ctx)
	if err := byPerson(p); err != nil {
		return err
	}
	if !ownOnly && p.Role != string(users.Admin) {
		return apperr.New(apperr.Forbidden, "only administrators end other people's sessions")
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		now := s.now()
		sess, live, err := s.store.SessionForUpdate(ctx, id, now)
		if err != nil {
			return err
		}
		if !live || (ownOnly && sess.UserID != p.UserID) {
			return apperr.NotFoundf("session not found")
		}
		if err := s.store.RevokeRefreshFamily(ctx, id, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "auth.session_end", EntityType: "session", EntityID: id.String(),
			Changes: audit.Changes{"user_id": {sess.UserID.String(), sess.UserID.String()}, "ended": {false, true}}})
	})
}

// byPerson refuses API keys: sessions are people's sign-ins.
func byPerson(p identity.Principal) error {
	if p.KeyID != uuid.Nil {
		return apperr.New(apperr.Forbidden, "an API key may not do this: sign in")
	}
	return nil
}
