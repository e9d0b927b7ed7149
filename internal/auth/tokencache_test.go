package auth

import (
	"testing"
	"time"
)

// A remembered token is refused as soon as the library would refuse it.
func TestVerifiedTokenExpiresFromTheCache(t *testing.T) {
	now := fuzzNow
	m := tokenMinter{key: fuzzKey, ttl: 15 * time.Minute, now: func() time.Time { return now }, verified: newVerifiedTokens(10)}
	raw, err := m.mint(fuzzUser, fuzzSession)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		at    time.Time
		valid bool
	}{
		{fuzzNow, true},
		{fuzzNow.Add(-clockSkew), true}, // issued "in the future" within the leeway
		{fuzzNow.Add(-clockSkew - time.Second), false},
		{fuzzNow.Add(15*time.Minute + clockSkew), true},
		{fuzzNow.Add(15*time.Minute + clockSkew + time.Second), false},
		{fuzzNow, true},
	} {
		now = step.at
		id, err := m.parse(raw)
		if (err == nil) != step.valid || (step.valid && id != (accessToken{fuzzUser, fuzzSession})) {
			t.Fatalf("at %s: %v, %v; want valid %v", step.at, id, err, step.valid)
		}
		if _, cached := m.verified.lookup(raw, now); cached != step.valid {
			t.Fatalf("at %s: cached %v, want %v", step.at, cached, step.valid)
		}
	}
}

func TestVerifiedTokensStayBounded(t *testing.T) {
	v := newVerifiedTokens(3)
	for _, raw := range []string{"a", "b", "c", "d"} {
		v.add(raw, verifiedToken{token: accessToken{fuzzUser, fuzzSession}, expires: fuzzNow.Add(time.Hour)})
	}
	if len(v.tokens) != 1 {
		t.Fatalf("%d tokens kept, want the map cleared when full", len(v.tokens))
	}
	if _, ok := v.lookup("d", fuzzNow); !ok {
		t.Fatal("the newest token is forgotten")
	}
}
