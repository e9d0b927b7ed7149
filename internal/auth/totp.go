package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"
)

// The second factor for local accounts (issue 24): time-based one-time
// passwords as RFC 6238 defines them, with the parameters every authenticator
// app reads from an otpauth:// URI (SHA-1, six digits, 30 seconds), and
// recovery codes for a lost phone. This file holds the checks; enrolment and
// sign-in use them.

const (
	totpPeriod = 30 * time.Second
	// totpSkew is how many steps either side of now a code is taken from: a
	// phone's clock a little off, a code typed as it changed.
	totpSkew = 1
	// RecoveryCodes is how many recovery codes an enrolment hands out.
	RecoveryCodes = 10
	// recoveryBytes is a recovery code's entropy: 80 bits, so that its
	// SHA-256 is safe to keep without a slow hash.
	recoveryBytes = 10
)

var totpOpts = hotp.ValidateOpts{Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// NewTOTPSecret makes a secret for account and the otpauth:// URI an
// authenticator app reads (from a QR code, or typed).
func NewTOTPSecret(issuer, account string) (secret, uri string, err error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: account, Period: uint(totpPeriod / time.Second),
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", "", fmt.Errorf("make a TOTP secret: %w", err)
	}
	return key.Secret(), key.URL(), nil
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / int64(totpPeriod/time.Second) }

// CheckTOTP reports whether code is the secret's code for a step within
// totpSkew of now and after lastStep, the step of the code last accepted: a
// code is taken once, so one seen over a shoulder or phished cannot be used
// again. It returns the step the code belongs to, to keep as the new lastStep.
func CheckTOTP(secret, code string, now time.Time, lastStep int64) (int64, bool) {
	code = strings.TrimSpace(code)
	if len(code) != int(otp.DigitsSix) {
		return 0, false
	}
	step := totpStep(now)
	for s := step - totpSkew; s <= step+totpSkew; s++ {
		if s <= lastStep || s < 0 {
			continue
		}
		if ok, err := hotp.ValidateCustom(code, uint64(s), secret, totpOpts); err == nil && ok {
			return s, true
		}
	}
	return 0, false
}

var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewRecoveryCodes makes n recovery codes, shown once, and the hashes to keep.
// A code reads as four groups of four letters and digits.
func NewRecoveryCodes(n int) (codes, hashes []string, err error) {
	for range n {
		b := make([]byte, recoveryBytes)
		if _, err := rand.Read(b); err != nil {
			return nil, nil, fmt.Errorf("make a recovery code: %w", err)
		}
		raw := strings.ToLower(recoveryEncoding.EncodeToString(b)) // 16 characters
		codes = append(codes, raw[0:4]+"-"+raw[4:8]+"-"+raw[8:12]+"-"+raw[12:16])
		hashes = append(hashes, hashRecoveryCode(raw))
	}
	return codes, hashes, nil
}

// MatchRecoveryCode returns the index of the hash code matches, or -1. The
// code may be typed in either case, with or without its dashes and spaces;
// every hash is compared, in constant time.
func MatchRecoveryCode(code string, hashes []string) int {
	h := []byte(hashRecoveryCode(normaliseRecoveryCode(code)))
	found := -1
	for i, stored := range hashes {
		if subtle.ConstantTimeCompare(h, []byte(stored)) == 1 {
			found = i
		}
	}
	return found
}

func normaliseRecoveryCode(code string) string {
	return strings.ToLower(strings.NewReplacer("-", "", " ", "").Replace(strings.TrimSpace(code)))
}

func hashRecoveryCode(normalised string) string {
	sum := sha256.Sum256([]byte("caseward recovery code\x00" + normalised))
	return hex.EncodeToString(sum[:])
}
