package evidence

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/identity"
)

// IntegrityError says an item's stored file is missing or no longer matches
// the SHA-256 computed when it was collected. It has been recorded in the
// item's chain of custody and the audit trail by the time it is returned.
type IntegrityError struct {
	EvidenceID uuid.UUID
	CaseID     uuid.UUID
	Expected   string
	Actual     string // empty when the file is missing
}

func (e *IntegrityError) Error() string {
	if e.Actual == "" {
		return fmt.Sprintf("evidence %s: its file is missing from the blob store", e.EvidenceID)
	}
	return fmt.Sprintf("evidence %s: its stored file hashes to %s, not %s", e.EvidenceID, e.Actual, e.Expected)
}

// Content is an open file for download: Reader presents the file as it was
// collected (its recorded size) and re-hashes the bytes as they are read.
type Content struct {
	Item   Item
	Reader io.ReadSeekCloser
	check  *checkedReader
}

// Failure returns the integrity failure found while reading, if any. By then
// it is recorded; the caller must make sure the client notices (cut the
// response short).
func (c Content) Failure() *IntegrityError {
	if c.check == nil {
		return nil
	}
	return c.check.failed
}

// Open opens an item's file for the caller, recording the access in its chain
// of custody and the audit trail first: no download goes unrecorded. A file
// missing from the store, of another size than recorded or, when ranged (only
// part of it will be read), whose whole content no longer hashes right, is an
// integrity failure: recorded, and returned as a Gone error wrapping an
// *IntegrityError. Otherwise the returned Reader re-hashes what is read
// from the start to the end and fails its last Read on a mismatch, withholding
// those bytes, after recording the failure.
func (s *Service) Open(ctx context.Context, id uuid.UUID, purpose string, ranged bool) (Content, error) {
	it, err := s.Get(ctx, id)
	if err != nil {
		return Content{}, err
	}
	if it.File == nil {
		return Content{}, apperr.NotFoundf("this evidence has no file")
	}
	r, size, err := s.blobs.Open(ctx, it.File.StorageKey)
	if errors.Is(err, blob.ErrNotFound) {
		return Content{}, s.integrityFailure(ctx, it, "")
	}
	if err != nil {
		return Content{}, err
	}
	if size != it.File.Size || ranged {
		res, err := s.rehash(ctx, it)
		if err != nil {
			_ = r.Close() // only read
			return Content{}, err
		}
		if !res.OK {
			_ = r.Close() // only read
			return Content{}, s.integrityFailure(ctx, it, res.Actual)
		}
	}
	p := identity.From(ctx)
	ev := CustodyEvent{ID: uuid.Must(uuid.NewV7()), EvidenceID: id, Action: Accessed, ActorID: p.UserID, ToParty: p.Email,
		OccurredAt: s.now(ctx), TimeZone: "UTC", Purpose: strings.TrimSpace(purpose), Note: "downloaded from Caseward"}
	err = s.store.InTx(ctx, func(ctx context.Context) error {
		return s.appendCustody(ctx, audit.Entry{Action: "evidence.download", EntityType: "evidence", EntityID: id.String(), CaseID: it.CaseID.String()}, &ev)
	})
	if err != nil {
		_ = r.Close() // only read
		return Content{}, err
	}
	c := &checkedReader{file: r, size: it.File.Size, want: it.File.SHA256, hash: sha256.New(),
		fail: func(actual string) *IntegrityError {
			var ie *IntegrityError
			errors.As(s.integrityFailure(context.WithoutCancel(ctx), it, actual), &ie)
			return ie
		}}
	return Content{Item: it, Reader: c, check: c}, nil
}

// integrityFailure records, in a transaction of its own, an integrity_failure
// custody event, the item's failed verification and an audit event, and
// returns the Gone error the caller answers with. actual is "" when the file
// is missing.
func (s *Service) integrityFailure(ctx context.Context, it Item, actual string) error {
	ie := &IntegrityError{EvidenceID: it.ID, CaseID: it.CaseID, Expected: it.File.SHA256, Actual: actual}
	note := "MISSING: the file is not in the blob store"
	if ie.Actual != "" {
		note = "MISMATCH: stored bytes hash to " + ie.Actual + "; the download was refused or cut short"
	}
	p := identity.From(ctx)
	now := s.now(ctx)
	ev := CustodyEvent{ID: uuid.Must(uuid.NewV7()), EvidenceID: it.ID, Action: IntegrityFailure, ActorID: p.UserID, ToParty: p.Email,
		OccurredAt: now, TimeZone: "UTC", Purpose: "download", Note: note}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetVerified(ctx, it.ID, now, false); err != nil {
			return err
		}
		return s.appendCustody(ctx, audit.Entry{Action: "evidence.integrity_failure", EntityType: "evidence", EntityID: it.ID.String(),
			CaseID: it.CaseID.String(), Changes: audit.Changes{"expected_sha256": {nil, ie.Expected}, "actual_sha256": {nil, audit.TextValue(ie.Actual)}}}, &ev)
	})
	if err != nil {
		return fmt.Errorf("record integrity failure: %w (%w)", err, ie)
	}
	msg := "the evidence file no longer matches its SHA-256; it has been recorded and an administrator must restore it"
	if ie.Actual == "" {
		msg = "the evidence file is missing from the store; it has been recorded and an administrator must restore it"
	}
	return apperr.Wrap(apperr.Gone, msg, ie)
}

// checkedReader is a stored file seen as the file that was collected: size
// bytes long, and hashed as it is read from the first byte to the last. A read
// that reaches the end with the wrong hash, or finds the file shorter or
// longer, returns an error instead of its bytes, so the response is cut short.
type checkedReader struct {
	file   io.ReadSeekCloser
	size   int64
	want   string
	hash   hash.Hash
	pos    int64 // where the next Read starts
	hashed int64 // bytes hashed, all from offset 0
	fail   func(actual string) *IntegrityError
	failed *IntegrityError
}

func (c *checkedReader) Read(p []byte) (int, error) {
	if c.failed != nil {
		return 0, c.failed
	}
	if c.pos >= c.size {
		return 0, io.EOF
	}
	if rest := c.size - c.pos; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.file.Read(p)
	if c.pos == c.hashed {
		c.hash.Write(p[:n])
		c.hashed += int64(n)
	}
	c.pos += int64(n)
	short := errors.Is(err, io.EOF) && c.pos < c.size
	if c.hashed == c.size || short {
		if actual := hex.EncodeToString(c.hash.Sum(nil)); actual != c.want || short || c.longer() {
			c.failed = c.fail(actual)
			return 0, c.failed
		}
	}
	if errors.Is(err, io.EOF) {
		err = nil // the recorded size, not the file's end, ends the content
	}
	return n, err
}

// longer reports whether the file goes on past its recorded size.
func (c *checkedReader) longer() bool {
	var one [1]byte
	n, _ := c.file.Read(one[:])
	return n > 0
}

// Seek moves within the recorded size; io.SeekEnd is relative to it.
func (c *checkedReader) Seek(offset int64, whence int) (int64, error) {
	switch whence {
	case io.SeekCurrent:
		offset += c.pos
	case io.SeekEnd:
		offset += c.size
	}
	if offset < 0 {
		return 0, errors.New("seek before the start of the file")
	}
	if _, err := c.file.Seek(offset, io.SeekStart); err != nil {
		return 0, err
	}
	c.pos = offset
	return offset, nil
}

func (c *checkedReader) Close() error { return c.file.Close() }
