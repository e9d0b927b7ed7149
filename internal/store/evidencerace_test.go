package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// heldTx is the database with one upload's transaction held back: the upload
// whose context carries holdKey waits for release before its transaction,
// which then does its work and fails.
type heldTx struct {
	*store.DB
	reached, release chan struct{}
}

type holdKey struct{}

var errHeldTx = errors.New("transaction failed by the test")

func (h heldTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(holdKey{}) == nil {
		return h.DB.InTx(ctx, fn)
	}
	close(h.reached)
	<-h.release
	return h.DB.InTx(ctx, func(ctx context.Context) error {
		if err := fn(ctx); err != nil {
			return err
		}
		return errHeldTx
	})
}

// Two uploads of the same bytes are in flight: the first has moved the file
// into place and not yet committed when the second commits its item naming
// the same file. The first's transaction then fails: the file must stay, since
// the second's item names it.
func TestAFailedUploadKeepsTheFileAConcurrentDuplicateCommitted(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f, held, svc := heldUploads(t, db)
		add := func(ctx context.Context) (evidence.Item, error) {
			r, err := svc.Receive(ctx, "file.bin", strings.NewReader("the same bytes, twice at once"))
			if err != nil {
				return evidence.Item{}, err
			}
			return svc.Add(ctx, evidence.Item{CaseID: f.caseID.ID, Title: "Item", Kind: "log"}, r, "")
		}
		failed := make(chan error)
		go func() {
			_, err := add(context.WithValue(f.ctx, holdKey{}, true))
			failed <- err
		}()
		<-held.reached // the first upload's file is in place
		second, err := add(f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		close(held.release)
		if err := <-failed; !errors.Is(err, errHeldTx) {
			t.Fatalf("the first upload: %v, want the held transaction's failure", err)
		}
		if n := f.files(); n != 1 {
			t.Fatalf("%d files; the second item's file must survive the first's failure", n)
		}
		res, err := f.svc.Verify(f.ctx, second.ID)
		if err != nil || !res.OK {
			t.Fatalf("the second item no longer verifies: %+v %v", res, err)
		}
	})
}

// Alone, an upload whose transaction fails leaves no file behind.
func TestAFailedUploadAloneLeavesNoFile(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f, held, svc := heldUploads(t, db)
		close(held.release)
		ctx := context.WithValue(f.ctx, holdKey{}, true)
		r, err := svc.Receive(ctx, "file.bin", strings.NewReader("bytes nobody else sent"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Add(ctx, evidence.Item{CaseID: f.caseID.ID, Title: "Item", Kind: "log"}, r, ""); !errors.Is(err, errHeldTx) {
			t.Fatalf("add: %v, want the held transaction's failure", err)
		}
		if n := f.files(); n != 0 {
			t.Fatalf("%d files left after a failed upload", n)
		}
	})
}

// heldUploads is an evidence service whose uploads marked with holdKey have
// their transaction held back (see heldTx), over the fixture's blob folder.
func heldUploads(t *testing.T, db *store.DB) (evidenceFixture, heldTx, *evidence.Service) {
	t.Helper()
	f := newEvidenceFixture(t, db)
	blobs, err := blob.NewLocal(f.blobDir)
	if err != nil {
		t.Fatal(err)
	}
	held := heldTx{DB: db, reached: make(chan struct{}), release: make(chan struct{})}
	return f, held, evidence.NewService(held, blobs, audit.NewRecorder(db), 1<<20)
}
