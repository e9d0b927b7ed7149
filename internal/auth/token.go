package auth

import (
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

// The issuer and audience every access token carries and is checked for.
const (
	tokenIssuer   = "caseward"
	tokenAudience = "caseward-api"
	signingMethod = "HS256"
	clockSkew     = 30 * time.Second
)

// SigningKey is a secret that signs access tokens; ID goes into the token's kid.
type SigningKey struct {
	ID     string
	Secret []byte
}

// tokenMinter issues and checks access tokens with one key.
type tokenMinter struct {
	key      SigningKey
	ttl      time.Duration
	now      func() time.Time
	verified *verifiedTokens // may be nil
}

// mint returns a signed access token for userID.
func (m tokenMinter) mint(userID uuid.UUID) (string, error) {
	now := m.now()
	claims := jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Subject:   userID.String(),
		Audience:  jwt.ClaimStrings{tokenAudience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(m.ttl)),
		ID:        uuid.NewString(),
	}
	tok := jwt.NewWithClaims(jwt.GetSigningMethod(signingMethod), claims)
	tok.Header["kid"] = m.key.ID
	signed, err := tok.SignedString(m.key.Secret)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return signed, nil
}

// parse checks a token's signature, algorithm, issuer, audience and times, and
// returns its subject.
func (m tokenMinter) parse(raw string) (uuid.UUID, error) {
	if id, ok := m.verified.lookup(raw, m.now()); ok {
		return id, nil
	}
	claims := &jwt.RegisteredClaims{}
	_, err := jwt.ParseWithClaims(raw, claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != m.key.ID {
			return nil, errors.New("unknown signing key")
		}
		return m.key.Secret, nil
	},
		jwt.WithValidMethods([]string{signingMethod}),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(tokenAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(clockSkew),
		jwt.WithTimeFunc(m.now),
	)
	if err != nil {
		return uuid.Nil, fmt.Errorf("access token: %w", err)
	}
	id, err := uuid.Parse(claims.Subject)
	if err != nil {
		return uuid.Nil, fmt.Errorf("access token subject: %w", err)
	}
	m.verified.add(raw, verifiedToken{subject: id, notBefore: claimTime(claims.NotBefore), issuedAt: claimTime(claims.IssuedAt),
		expires: claimTime(claims.ExpiresAt)})
	return id, nil
}

func claimTime(d *jwt.NumericDate) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time
}
