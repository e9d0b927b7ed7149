// Package auth signs people in: password hashing, access tokens, rotating refresh
// tokens and throttling of failed sign-ins.
package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2id parameters after the OWASP password storage cheat sheet (19 MiB, 2
// passes, 1 lane): strong, yet cheap enough that many sign-ins at once do not
// exhaust memory.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

// Cost is the work of one argon2id hash: the memory it holds and its passes.
type Cost struct {
	MemoryKiB uint32
	Passes    uint32
}

// DefaultCost is what every password is hashed with in production.
var DefaultCost = Cost{MemoryKiB: argonMemoryKiB, Passes: argonTime}

// HashPassword returns an encoded argon2id hash (PHC string format) at DefaultCost.
func HashPassword(password string) (string, error) { return DefaultCost.hash(password) }

func (c Cost) hash(password string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, c.Passes, c.MemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, c.MemoryKiB, c.Passes, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the encoded hash, in time
// independent of where they differ.
func VerifyPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("unsupported password hash format")
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("unsupported argon2 version")
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false, fmt.Errorf("argon2 parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, fmt.Errorf("argon2 salt: %w", err)
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, fmt.Errorf("argon2 key: %w", err)
	}
	keyLen := len(want)
	if keyLen < 16 || keyLen > 64 {
		return false, fmt.Errorf("argon2 key: %d bytes, not a key this server makes", keyLen)
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(keyLen))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
