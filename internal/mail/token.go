package mail

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/events"
)

// unsubscribePurpose names the server's key for unsubscribe links among the
// signing keys kept in the database.
const unsubscribePurpose = "mail-unsubscribe"

// Unsubscription is what an unsubscribe link stands for: stop kind reaching
// a person by email.
type Unsubscription struct {
	UserID uuid.UUID
	Kind   string
}

var b64 = base64.RawURLEncoding.Strict()

func (s *Service) key(ctx context.Context) ([]byte, error) {
	k, err := s.store.SigningKey(ctx, unsubscribePurpose, func() ([]byte, error) {
		b := make([]byte, 32)
		_, err := rand.Read(b)
		return b, err
	})
	if err != nil {
		return nil, err
	}
	return k.Secret, nil
}

// Token signs u: the person and the kind, then an HMAC-SHA256 of both with
// the server's key. It never expires: an old mail's link still works.
func (s *Service) Token(ctx context.Context, u Unsubscription) (string, error) {
	key, err := s.key(ctx)
	if err != nil {
		return "", err
	}
	payload := b64.EncodeToString(append(u.UserID[:], u.Kind...))
	return payload + "." + b64.EncodeToString(sign(key, payload)), nil
}

func sign(key []byte, payload string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("caseward mail unsubscribe v1\n" + payload))
	return m.Sum(nil)
}

// ReadToken checks a token's signature and returns what it stands for; a
// damaged, tampered or foreign token is a 422 and tells nothing.
func (s *Service) ReadToken(ctx context.Context, token string) (Unsubscription, error) {
	const why = "This unsubscribe link is not valid: it was changed or is not from this Caseward."
	bad := apperr.Invalidf([]apperr.FieldError{{Field: "token", Message: why}}, why)
	payload, mac, ok := strings.Cut(token, ".")
	if !ok || len(token) > 512 {
		return Unsubscription{}, bad
	}
	got, err := b64.DecodeString(mac)
	if err != nil {
		return Unsubscription{}, bad
	}
	key, err := s.key(ctx)
	if err != nil {
		return Unsubscription{}, err
	}
	if !hmac.Equal(got, sign(key, payload)) {
		return Unsubscription{}, bad
	}
	raw, err := b64.DecodeString(payload)
	if err != nil || len(raw) <= 16 {
		return Unsubscription{}, bad
	}
	u := Unsubscription{Kind: string(raw[16:])}
	copy(u.UserID[:], raw[:16])
	if !events.Known(u.Kind) {
		return Unsubscription{}, bad
	}
	return u, nil
}
