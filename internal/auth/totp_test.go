package auth

import (
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// rfc6238Secret is the SHA-1 key of RFC 6238's test vectors, "12345678901234567890", in base32.
const rfc6238Secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestCheckTOTPAcceptsRFC6238sCodes(t *testing.T) {
	// RFC 6238, Appendix B (SHA-1), the last six of its eight digits.
	for _, tc := range []struct {
		unix int64
		code string
	}{
		{59, "287082"}, {1111111109, "081804"}, {1111111111, "050471"}, {1234567890, "005924"},
		{2000000000, "279037"}, {20000000000, "353130"},
	} {
		now := time.Unix(tc.unix, 0)
		step, ok := CheckTOTP(rfc6238Secret, tc.code, now, -1)
		if !ok || step != tc.unix/30 {
			t.Errorf("at %d: %q gives step %d, %v; want step %d", tc.unix, tc.code, step, ok, tc.unix/30)
		}
		if _, ok := CheckTOTP(rfc6238Secret, " "+tc.code+" ", now, -1); !ok {
			t.Errorf("at %d: %q with spaces around is refused", tc.unix, tc.code)
		}
	}
}

func TestCheckTOTPTakesACodeOnceAndOnlyNearNow(t *testing.T) {
	at := time.Unix(1111111111, 0) // step 37037037, code 050471
	step, ok := CheckTOTP(rfc6238Secret, "050471", at, -1)
	if !ok {
		t.Fatal("refused the code of now")
	}
	if _, ok := CheckTOTP(rfc6238Secret, "050471", at, step); ok {
		t.Fatal("a code was taken twice")
	}
	// The code of the step before is still taken once, 30 s on; not 60 s on.
	earlier := "081804" // step 37037036
	if s, ok := CheckTOTP(rfc6238Secret, earlier, at, -1); !ok || s != step-1 {
		t.Fatalf("the previous step's code: %d, %v", s, ok)
	}
	if _, ok := CheckTOTP(rfc6238Secret, earlier, at.Add(time.Minute), -1); ok {
		t.Fatal("a code two steps old was taken")
	}
	// Once a later code was taken, an earlier one is not.
	if _, ok := CheckTOTP(rfc6238Secret, earlier, at, step); ok {
		t.Fatal("an earlier code was taken after a later one")
	}
	for _, bad := range []string{"", "05047", "0504711", "abcdef", "050472", "０５０４７１"} {
		if _, ok := CheckTOTP(rfc6238Secret, bad, at, -1); ok {
			t.Errorf("%q was taken", bad)
		}
	}
}

func TestNewTOTPSecretIsWhatAnAuthenticatorReads(t *testing.T) {
	secret, uri, err := NewTOTPSecret("Caseward", "zofia.wójcik@example.org")
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "otpauth" || u.Host != "totp" || u.Query().Get("secret") != secret ||
		u.Query().Get("issuer") != "Caseward" || !strings.Contains(u.Path, "zofia.wójcik@example.org") {
		t.Fatalf("uri %q: %v", uri, err)
	}
	if len(secret) != 32 {
		t.Fatalf("secret of %d characters, want 32 (160 bits)", len(secret))
	}
	now := time.Now()
	code, err := totp.GenerateCode(secret, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := CheckTOTP(secret, code, now, -1); !ok {
		t.Fatal("the authenticator's code is refused")
	}
	other, _, _ := NewTOTPSecret("Caseward", "zofia.wójcik@example.org")
	if other == secret {
		t.Fatal("two enrolments got one secret")
	}
}

func TestRecoveryCodesAreKeptHashedAndMatchHoweverTyped(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(RecoveryCodes)
	if err != nil {
		t.Fatal(err)
	}
	shape := regexp.MustCompile(`^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$`)
	seen := map[string]bool{}
	for i, c := range codes {
		if !shape.MatchString(c) || seen[c] {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
		plain := strings.ReplaceAll(c, "-", "")
		for _, h := range hashes {
			if strings.Contains(h, plain) {
				t.Fatal("a hash holds its code")
			}
		}
		for _, typed := range []string{c, strings.ToUpper(c), plain, " " + strings.ReplaceAll(c, "-", " ") + " "} {
			if got := MatchRecoveryCode(typed, hashes); got != i {
				t.Errorf("%q matches %d, want %d", typed, got, i)
			}
		}
	}
	if got := MatchRecoveryCode("aaaa-aaaa-aaaa-aaaa", hashes); got != -1 {
		t.Fatalf("a made-up code matches %d", got)
	}
	if got := MatchRecoveryCode("", hashes); got != -1 {
		t.Fatalf("an empty code matches %d", got)
	}
}
