package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
)

var (
	fuzzKey     = SigningKey{ID: "k1", Secret: []byte("0123456789abcdef0123456789abcdef")}
	fuzzNow     = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	fuzzUser    = uuid.MustParse("01890000-0000-7000-8000-000000000001")
	fuzzSession = uuid.MustParse("01890000-0000-7000-8000-000000000002")
	fuzzClock   = func() time.Time { return fuzzNow }
)

// forge signs claims with header fields and a method of the test's choosing.
func forge(t testing.TB, method jwt.SigningMethod, key any, header map[string]any, claims jwt.MapClaims) string {
	t.Helper()
	tok := jwt.NewWithClaims(method, claims)
	for k, v := range header {
		tok.Header[k] = v
	}
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func fuzzClaims(change map[string]any) jwt.MapClaims {
	c := jwt.MapClaims{"iss": tokenIssuer, "aud": []string{tokenAudience}, "sub": fuzzUser.String(), "sid": fuzzSession.String(),
		"iat": fuzzNow.Unix(), "nbf": fuzzNow.Unix(), "exp": fuzzNow.Add(15 * time.Minute).Unix()}
	for k, v := range change {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

// FuzzParseAccessToken feeds arbitrary strings to the access-token parser. It
// must never panic, and whatever it accepts must check out independently: three
// parts, HS256 with our key id, our HMAC over the first two, our issuer and
// audience, and an expiry that has not passed.
func FuzzParseAccessToken(f *testing.F) {
	m := tokenMinter{key: fuzzKey, ttl: 15 * time.Minute, now: fuzzClock}
	valid, err := m.mint(fuzzUser, fuzzSession)
	if err != nil {
		f.Fatal(err)
	}
	hs256, kid := jwt.SigningMethodHS256, map[string]any{"kid": fuzzKey.ID}
	parts := strings.Split(valid, ".")
	for _, s := range []string{
		valid, valid + "x", parts[0] + "." + parts[1] + ".", parts[0] + "." + parts[1], "", ".", "..", "a.b.c", valid + "." + parts[2],
		forge(f, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, kid, fuzzClaims(nil)),
		forge(f, jwt.SigningMethodHS384, fuzzKey.Secret, kid, fuzzClaims(nil)),
		forge(f, hs256, []byte("another key, just as long as ours"), kid, fuzzClaims(nil)),
		forge(f, hs256, fuzzKey.Secret, nil, fuzzClaims(nil)),
		forge(f, hs256, fuzzKey.Secret, map[string]any{"kid": 1}, fuzzClaims(nil)),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"exp": nil})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"exp": fuzzNow.Add(-time.Hour).Unix()})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"exp": "soon"})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"exp": 1e300})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"iat": fuzzNow.Add(time.Hour).Unix()})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"nbf": fuzzNow.Add(time.Hour).Unix()})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"iss": "someone-else"})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"aud": "other-api"})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"aud": []any{tokenAudience, 7}})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sub": "admin"})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sub": nil})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sub": 42})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sid": nil})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sid": "session"})),
		forge(f, hs256, fuzzKey.Secret, kid, fuzzClaims(map[string]any{"sid": 7})),
	} {
		f.Add(s)
	}
	cached := m
	cached.verified = newVerifiedTokens(4)
	f.Fuzz(func(t *testing.T, raw string) {
		id, err := m.parse(raw)
		for range 2 { // the second time from the cache, if at all
			if cachedID, cachedErr := cached.parse(raw); cachedID != id || (cachedErr == nil) != (err == nil) {
				t.Fatalf("with the cache %q is %v, %v; without %v, %v", raw, cachedID, cachedErr, id, err)
			}
		}
		if err != nil {
			return
		}
		if reason := independentlyValid(raw); reason != "" {
			t.Fatalf("accepted %q as %v: %s", raw, id, reason)
		}
	})
}

// independentlyValid checks an accepted token without the JWT library and
// says what is wrong with it, if anything.
func independentlyValid(raw string) string {
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return "not three parts"
	}
	var header struct {
		Alg string `json:"alg"`
		Kid string `json:"kid"`
	}
	if b, err := base64.RawURLEncoding.DecodeString(parts[0]); err != nil || json.Unmarshal(b, &header) != nil {
		return "unreadable header"
	}
	if header.Alg != signingMethod || header.Kid != fuzzKey.ID {
		return "alg " + header.Alg + ", kid " + header.Kid
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	mac := hmac.New(sha256.New, fuzzKey.Secret)
	mac.Write([]byte(parts[0] + "." + parts[1]))
	if err != nil || !hmac.Equal(sig, mac.Sum(nil)) {
		return "signature does not verify"
	}
	var claims struct {
		Iss string          `json:"iss"`
		Aud json.RawMessage `json:"aud"`
		Exp *float64        `json:"exp"`
		Sid string          `json:"sid"`
	}
	if b, err := base64.RawURLEncoding.DecodeString(parts[1]); err != nil || json.Unmarshal(b, &claims) != nil {
		return "unreadable claims"
	}
	if claims.Iss != tokenIssuer || !strings.Contains(string(claims.Aud), `"`+tokenAudience+`"`) {
		return "issuer or audience"
	}
	if _, err := uuid.Parse(claims.Sid); err != nil {
		return "no session"
	}
	if claims.Exp == nil || time.Unix(int64(*claims.Exp), 0).Add(clockSkew).Before(fuzzNow) {
		return "no expiry, or expired"
	}
	return ""
}
