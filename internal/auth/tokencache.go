package auth

import (
	"sync"
	"time"
)

// verifiedTokens remembers access tokens whose signature and claims checked
// out, so that a client's every request does not pay again for the JSON
// parsing and HMAC of a token it already showed (a tenth of a small request).
// Only the token's times are checked again on a hit; signature, issuer and
// audience cannot have changed for the same bytes.
type verifiedTokens struct {
	mu     sync.Mutex
	tokens map[string]verifiedToken
	limit  int
}

type verifiedToken struct {
	token                        accessToken
	notBefore, issuedAt, expires time.Time
}

func newVerifiedTokens(limit int) *verifiedTokens {
	return &verifiedTokens{tokens: make(map[string]verifiedToken), limit: limit}
}

// lookup returns what a token verified before says, if it is valid at now.
func (v *verifiedTokens) lookup(raw string, now time.Time) (accessToken, bool) {
	if v == nil {
		return accessToken{}, false
	}
	v.mu.Lock()
	t, ok := v.tokens[raw]
	v.mu.Unlock()
	// The same tests, with the same leeway, as the JWT library's.
	if !ok || now.After(t.expires.Add(clockSkew)) || now.Add(clockSkew).Before(t.notBefore) || now.Add(clockSkew).Before(t.issuedAt) {
		return accessToken{}, false
	}
	return t.token, true
}

// add remembers a verified token. When full, it forgets every token rather
// than tracking use: at worst each client verifies its token once more.
func (v *verifiedTokens) add(raw string, t verifiedToken) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if len(v.tokens) >= v.limit {
		clear(v.tokens)
	}
	v.tokens[raw] = t
}
