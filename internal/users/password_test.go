package users

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/apperr"
)

func TestCommonPasswordListHasTenThousandEntries(t *testing.T) {
	if n := strings.Count(commonPasswordList, "\n"); n != 10_000 {
		t.Fatalf("%d lines, want 10 000", n)
	}
	if len(commonPasswords()) < 9_900 { // a few differ only in case
		t.Fatalf("%d distinct passwords", len(commonPasswords()))
	}
}

func TestCheckPassword(t *testing.T) {
	cases := []struct {
		password string
		ok       bool
	}{
		{"short", false},
		{strings.Repeat("x", MinPasswordLength-1), false},
		{strings.Repeat("é", MinPasswordLength), true}, // characters, not bytes
		{strings.Repeat("x", MaxPasswordLength), true},
		{strings.Repeat("x", MaxPasswordLength+1), false},
		{"qwerty123456", false},          // in the list
		{"QWERTY123456", false},          // whatever the case
		{"1q2w3e4r5t6Y", false},          // in the list, one letter upper case
		{"password1234", false},          // common, and long enough to need the list
		{"qwerty123456!", true},          // not in the list
		{"caseward-seed-password", true}, // the seed's
		{"caseward-e2e-password", true},  // the browser tests'
		{"restoration-e2e-password", true},
		{"bench-admin-password", true},
		{"correct horse battery staple", true},
		{"a long enough password", true},
		{"long enough password", true},
		{"the first password", true},
	}
	for _, c := range cases {
		msg := CheckPassword(c.password)
		if (msg == "") != c.ok {
			t.Errorf("CheckPassword(%.20q…) = %q, want ok=%v", c.password, msg, c.ok)
		}
	}
	if msg := CheckPassword("qwerty123456"); msg != "this password is among the 10 000 most common; choose another" {
		t.Errorf("message for a common password: %q", msg)
	}
}

func TestFirstAdminWithACommonPasswordIsRefused(t *testing.T) {
	s := NewService(nil, nil, nil) // refused before the store is asked anything
	created, _, err := s.EnsureFirstAdmin(context.Background(), "admin@localhost", "Qwerty123456")
	var ae *apperr.Error
	if created || !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || len(ae.Fields) != 1 || ae.Fields[0].Field != "password" {
		t.Fatalf("created=%v err=%v, want a 422 naming password", created, err)
	}
}
