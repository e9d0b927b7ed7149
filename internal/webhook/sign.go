package webhook

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"
)

// SecretPrefix starts every secret, as the Standard Webhooks specification
// suggests, so that receivers' libraries take it as it is.
const SecretPrefix = "whsec_"

// secretBytes is the length of a new secret's key (the spec: 24 to 64 bytes).
const secretBytes = 32

// NewSecret returns a fresh secret: whsec_ and the base64 of 32 random bytes.
func NewSecret() string {
	b := make([]byte, secretBytes)
	_, _ = rand.Read(b) // crypto/rand never fails on supported platforms
	return SecretPrefix + base64.StdEncoding.EncodeToString(b)
}

// secretKey is the HMAC key of a secret: the bytes its base64 part stands for.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, SecretPrefix))
	if err != nil || len(key) < 24 || len(key) > 64 {
		return nil, errors.New("webhook secret is not whsec_ and the base64 of 24 to 64 bytes")
	}
	return key, nil
}

// Signature returns the webhook-signature header for one message: a
// space-separated "v1,<base64 HMAC-SHA256 of id.timestamp.body>" per secret.
func Signature(secrets []string, msgID string, at time.Time, body []byte) (string, error) {
	signed := []byte(msgID + "." + strconv.FormatInt(at.Unix(), 10) + ".")
	signed = append(signed, body...)
	parts := make([]string, 0, len(secrets))
	for _, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return "", err
		}
		mac := hmac.New(sha256.New, key)
		mac.Write(signed)
		parts = append(parts, "v1,"+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	return strings.Join(parts, " "), nil
}
