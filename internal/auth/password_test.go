package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	hash, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected encoding %q", hash)
	}
	again, _ := HashPassword("correct horse battery staple")
	if again == hash {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for pw, want := range map[string]bool{"correct horse battery staple": true, "correct horse battery stapl": false, "": false} {
		ok, err := VerifyPassword(hash, pw)
		if err != nil || ok != want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", pw, ok, err, want)
		}
	}
}

func TestVerifyRefusesForeignHashes(t *testing.T) {
	for _, h := range []string{"", "plain", "$2a$10$abcdefghijklmnopqrstuv", "$argon2i$v=19$m=1,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5",
		"$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$a2V5", // a 3-byte key: no hash this server makes
	} {
		if ok, err := VerifyPassword(h, "anything"); ok || err == nil {
			t.Errorf("VerifyPassword(%q) = %v, %v; want false and an error", h, ok, err)
		}
	}
}

// With every slot taken, a check waits its turn and is then refused with a
// 503-kind error and a Retry-After, without running; a free slot runs it.
func TestPasswordsRefuseWhenEverySlotIsTaken(t *testing.T) {
	p := NewPasswords(HashMemory, time.Millisecond)
	hash, err := p.Hash(context.Background(), "correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	p.slots <- struct{}{} // someone else's hash is running
	_, err = p.Verify(context.Background(), hash, "correct horse battery staple")
	var ae *apperr.Error
	if !errors.As(err, &ae) || ae.Kind != apperr.Unavailable || ae.RetryAfter <= 0 {
		t.Fatalf("Verify with no free slot: %v; want Unavailable with a Retry-After", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Hash(ctx, "another password"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Hash for a cancelled request: %v", err)
	}
	<-p.slots
	if ok, err := p.Verify(context.Background(), hash, "correct horse battery staple"); !ok || err != nil {
		t.Fatalf("Verify with a free slot: %v, %v", ok, err)
	}
	if st := p.Stats(); st.Slots != 1 || st.Computed != 2 || st.Peak != 1 {
		t.Fatalf("stats %+v, want 1 slot, 2 run, at most 1 at once", st)
	}
}

func TestPasswordSlotsFollowTheMemoryBudget(t *testing.T) {
	for budget, want := range map[int64]int{0: 1, HashMemory - 1: 1, DefaultHashMemory: 6, 1 << 30: 53} {
		if got := NewPasswords(budget, time.Second).Stats().Slots; got != want {
			t.Errorf("budget %d: %d slots, want %d", budget, got, want)
		}
	}
}

// A Passwords at another cost hashes at it, and its stand-in hash for an
// unknown email costs the same, so a wrong email still takes as long as a
// wrong password; the production one hashes at DefaultCost.
func TestPasswordsHashAtTheirCost(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		p    *Passwords
		want string
	}{
		{NewPasswordsAt(Cost{MemoryKiB: 64, Passes: 1}, HashMemory, time.Second), "$argon2id$v=19$m=64,t=1,p=1$"},
		{NewPasswords(DefaultHashMemory, time.Second), "$argon2id$v=19$m=19456,t=2,p=1$"},
	} {
		hash, err := c.p.Hash(ctx, "Zażółć gęślą jaźń")
		if err != nil || !strings.HasPrefix(hash, c.want) || !strings.HasPrefix(c.p.Dummy(), c.want) {
			t.Fatalf("hash %q, dummy %q (%v); want both to start %q", hash, c.p.Dummy(), err, c.want)
		}
		if ok, err := c.p.Verify(ctx, hash, "Zażółć gęślą jaźń"); !ok || err != nil {
			t.Fatalf("Verify: %v, %v", ok, err)
		}
		if ok, _ := c.p.Verify(ctx, hash, "Zazolc gesla jazn"); ok {
			t.Fatal("a wrong password verified")
		}
	}
	if got := NewPasswordsAt(Cost{MemoryKiB: 64, Passes: 1}, HashMemory, time.Second).Stats().Slots; got != HashMemory/(64*1024) {
		t.Fatalf("%d slots at 64 KiB a hash, want %d", got, HashMemory/(64*1024))
	}
}
