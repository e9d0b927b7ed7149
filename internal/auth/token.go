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

// accessClaims are an access token's claims: the registered ones, and sid, the
// sign-in (refresh-token family) it was issued in. Ending that sign-in ends
// the token.
type accessClaims struct {
	jwt.RegisteredClaims
	Session string `json:"sid"`
}

// accessToken is what a valid access token says: whose it is, and from which
// sign-in.
type accessToken struct {
	user, session uuid.UUID
}

// mint returns a signed access token for userID in the sign-in session.
func (m tokenMinter) mint(userID, session uuid.UUID) (string, error) {
	now := m.now()
	claims := accessClaims{RegisteredClaims: jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Subject:   userID.String(),
		Audience:  jwt.ClaimStrings{tokenAudience},
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(now.Add(m.ttl)),
		ID:        uuid.NewString(),
	}, Session: session.String()}
	tok := jwt.NewWithClaims(jwt.GetSigningMethod(signingMethod), claims)
	tok.Header["kid"] = m.key.ID
	signed, err := tok.SignedString(m.key.Secret)
	if err != nil {
		return "", fmt.Errorf("sign access token: %w", err)
	}
	return signed, nil
}

// parse checks a token's signature, algorithm, issuer, audience and times, and
// returns its subject and session.
func (m tokenMinter) parse(raw string) (accessToken, error) {
	if t, ok := m.verified.lookup(raw, m.now()); ok {
		return t, nil
	}
	claims := &accessClaims{}
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
		return accessToken{}, fmt.Errorf("access token: %w", err)
	}
	var t accessToken
	if t.user, err = uuid.Parse(claims.Subject); err != nil {
		return accessToken{}, fmt.Errorf("access token subject: %w", err)
	}
	if t.session, err = uuid.Parse(claims.Session); err != nil {
		return accessToken{}, fmt.Errorf("access token session: %w", err)
	}
	m.verified.add(raw, verifiedToken{token: t, notBefore: claimTime(claims.NotBefore), issuedAt: claimTime(claims.IssuedAt),
		expires: claimTime(claims.ExpiresAt)})
	return t, nil
}

func claimTime(d *jwt.NumericDate) time.Time {
	if d == nil {
		return time.Time{}
	}
	return d.Time
}
