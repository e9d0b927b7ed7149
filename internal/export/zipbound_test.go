package export

import (
	"bytes"
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"
)

// A zip whose entries decompress to more than the bound is refused before
// it is read further, as is one with too many entries: a zip bomb costs little.
func TestVerifyZipBoundsWhatItReads(t *testing.T) {
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))
	key := Key{ID: "export-1", Private: priv, Public: priv.Public().(ed25519.PublicKey)}
	m := Manifest{Kind: "case", Format: "csv", ExportedAt: time.Now(), SchemaVersion: SchemaVersion}
	z, _, err := SignedZip(key, m, []ZipFile{{Name: "case.csv", Body: bytes.Repeat([]byte("0"), 1<<20)}})
	if err != nil {
		t.Fatal(err)
	}
	defer func(old int64) { maxZipBytes = old }(maxZipBytes)
	maxZipBytes = 1 << 19
	if _, err := VerifyZip(bytes.NewReader(z), int64(len(z)), nil); err == nil || !strings.Contains(err.Error(), "more than 524288 bytes once decompressed (at case.csv)") {
		t.Fatalf("err = %v", err)
	}
	maxZipBytes = 1 << 20
	if _, err := VerifyZip(bytes.NewReader(z), int64(len(z)), nil); err != nil {
		t.Fatalf("at the bound: %v", err)
	}
	var many []ZipFile
	for i := range maxZipEntries {
		many = append(many, ZipFile{Name: fmt.Sprintf("f%d.csv", i)})
	}
	z, _, err = SignedZip(key, m, many)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := VerifyZip(bytes.NewReader(z), int64(len(z)), nil); err == nil || !strings.Contains(err.Error(), "65 entries") {
		t.Fatalf("err = %v", err)
	}
}
