package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// cutOff is the database as an upload sees it when its process loses the
// database (or dies) after placing its file: the item's transaction fails,
// and so does ending the hold. Its hold and its file stay behind, as they
// do when a replica is killed between the two steps.
type cutOff struct{ *store.DB }

var errCutOff = errors.New("the database is out of reach")

func (cutOff) InTx(context.Context, func(context.Context) error) error { return errCutOff }

func (cutOff) EndFileHold(context.Context, evidence.FileHold, func(context.Context) error) (bool, error) {
	return false, errCutOff
}

// diedUpload places a file through an upload that is cut off before it
// records its item, and returns the file's key.
func diedUpload(t *testing.T, f evidenceFixture, content string) string {
	t.Helper()
	blobs, err := blob.NewLocal(f.blobDir)
	if err != nil {
		t.Fatal(err)
	}
	dying := evidence.NewService(cutOff{f.db}, blobs, audit.NewRecorder(f.db), 1<<20)
	r, err := dying.Receive(f.ctx, "fs01.img", strings.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dying.Add(f.ctx, evidence.Item{CaseID: f.caseID.ID, Title: "Disk image", Kind: "disk_image"}, r, ""); !errors.Is(err, errCutOff) {
		t.Fatalf("add: %v, want the cut-off database's error", err)
	}
	return r.File.StorageKey
}

func removalEvents(t *testing.T, f evidenceFixture) []audit.Event {
	t.Helper()
	events, err := f.db.ListAudit(f.ctx, audit.Filter{Action: "evidence.file_removed", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return events
}

// An upload that died between placing its file and recording its item left
// the file for good, unreferenced: `make cluster-test` found one after a
// replica was SIGKILLed mid-upload. Its hold now says so: while the hold is
// fresh, verify-all shows the file as held and the sweep leaves it alone;
// once the hold is stale, the sweep removes the file and the hold and audits
// the removal, and verify-all is clean.
func TestTheFileOfAnUploadThatDiedIsRemovedOnceItsHoldIsStale(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		key := diedUpload(t, f, "4 MiB of a disk image, say")
		orphans, holds, err := f.svc.Unreferenced(f.ctx)
		if err != nil || len(orphans) != 0 || len(holds) != 1 || holds[0].StorageKey != key {
			t.Fatalf("before the sweep: orphans %v, holds %+v, err %v; want one hold on %s", orphans, holds, err, key)
		}
		if n, err := f.svc.SweepDeadUploads(f.ctx); err != nil || n != 0 || f.files() != 1 {
			t.Fatalf("a sweep while the hold is fresh removed %d (err %v), %d files left; want it kept", n, err, f.files())
		}

		later := clock.At(f.ctx, time.Now().Add(31*time.Second))
		if n, err := f.svc.SweepDeadUploads(later); err != nil || n != 1 {
			t.Fatalf("sweep of the stale hold: %d removed, %v", n, err)
		}
		orphans, holds, err = f.svc.Unreferenced(f.ctx)
		if err != nil || len(orphans) != 0 || len(holds) != 0 || f.files() != 0 {
			t.Fatalf("after the sweep: orphans %v, holds %+v, %d files, err %v; want none", orphans, holds, f.files(), err)
		}
		events := removalEvents(t, f)
		if len(events) != 1 || events[0].EntityID != key || events[0].ActorEmail != "caseward" || !strings.Contains(string(events[0].Changes), key) {
			t.Fatalf("audit of the removal: %+v", events)
		}
		if res, err := audit.NewService(db).Verify(f.ctx); err != nil || !res.Valid {
			t.Fatalf("audit chain after the sweep: %+v, %v", res, err)
		}
		if n, err := f.svc.SweepDeadUploads(later); err != nil || n != 0 {
			t.Fatalf("a second sweep: %d removed, %v", n, err)
		}
	})
}

// The same bytes are one file: a dead upload's hold is ended without removing
// the file when an item names it or a live upload holds it.
func TestASweepKeepsAFileAnItemNamesOrALiveUploadHolds(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		later := time.Now().Add(31 * time.Second)

		named := diedUpload(t, f, "bytes recorded by another upload")
		item, err := f.add(t, "bytes recorded by another upload")
		if err != nil {
			t.Fatal(err)
		}
		held := diedUpload(t, f, "bytes another upload is placing")
		live := evidence.FileHold{ID: uuid.Must(uuid.NewV7()), StorageKey: held, StartedAt: later, SeenAt: later}
		if err := db.HoldFile(f.ctx, live); err != nil {
			t.Fatal(err)
		}

		if n, err := f.svc.SweepDeadUploads(clock.At(f.ctx, later)); err != nil || n != 0 {
			t.Fatalf("sweep: %d removed, %v; want none", n, err)
		}
		if f.files() != 2 || len(removalEvents(t, f)) != 0 {
			t.Fatalf("%d files, %d removals after the sweep; want both files kept", f.files(), len(removalEvents(t, f)))
		}
		if res, err := f.svc.Verify(f.ctx, item.ID); err != nil || !res.OK || item.File.StorageKey != named {
			t.Fatalf("the recorded item: %+v, %v", res, err)
		}
		holds, err := db.FileHolds(f.ctx, time.Time{})
		if err != nil || len(holds) != 1 || holds[0].ID != live.ID {
			t.Fatalf("holds after the sweep: %+v, %v; want only the live one", holds, err)
		}
	})
}

// pausedTx holds back the transaction of the upload whose context carries
// holdKey until release, then runs it.
type pausedTx struct {
	*store.DB
	reached, release chan struct{}
}

func (p pausedTx) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if ctx.Value(holdKey{}) != nil {
		close(p.reached)
		<-p.release
	}
	return p.DB.InTx(ctx, fn)
}

// An upload that goes unseen longer than a hold lasts (its refreshes failed,
// say) is taken for dead and its file removed; it must then not record an
// item naming the removed file, but fail with a 503 to try again.
func TestAnUploadTakenForDeadDoesNotRecordItsItem(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		blobs, err := blob.NewLocal(f.blobDir)
		if err != nil {
			t.Fatal(err)
		}
		paused := pausedTx{DB: db, reached: make(chan struct{}), release: make(chan struct{})}
		slow := evidence.NewService(paused, blobs, audit.NewRecorder(db), 1<<20)
		ctx := context.WithValue(f.ctx, holdKey{}, true)
		r, err := slow.Receive(ctx, "fs01.img", strings.NewReader("bytes of a slow upload"))
		if err != nil {
			t.Fatal(err)
		}
		failed := make(chan error)
		go func() {
			_, err := slow.Add(ctx, evidence.Item{CaseID: f.caseID.ID, Title: "Disk image", Kind: "disk_image"}, r, "")
			failed <- err
		}()
		<-paused.reached
		if n, err := f.svc.SweepDeadUploads(clock.At(f.ctx, time.Now().Add(31*time.Second))); err != nil || n != 1 {
			t.Fatalf("sweep: %d removed, %v", n, err)
		}
		close(paused.release)
		if err := <-failed; apperr.KindOf(err) != apperr.Unavailable {
			t.Fatalf("the upload taken for dead: %v, want a 503", err)
		}
		items, err := db.AllFiles(f.ctx)
		if err != nil || len(items) != 0 || f.files() != 0 {
			t.Fatalf("%d items with files, %d files (err %v); want none", len(items), f.files(), err)
		}
	})
}

// Uploads of the same bytes race a sweep that takes every hold for dead: each
// upload records its item or fails with a 503, and afterwards every item's
// file is in place, and neither a hold nor a file that no item names is left.
// (A moment when an item named a removed file would not show here, since a
// later upload of the same bytes puts the file back: the tests above check
// the orderings that prevent it.)
func TestUploadsOfTheSameBytesRacingSweepsLeaveNothingBehind(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newEvidenceFixture(t, db)
		allDead := clock.At(f.ctx, time.Now().Add(time.Hour))
		stop := make(chan struct{})
		swept := make(chan error)
		go func() {
			for {
				select {
				case <-stop:
					_, err := f.svc.SweepDeadUploads(allDead)
					swept <- err
					return
				default:
					if _, err := f.svc.SweepDeadUploads(allDead); err != nil {
						swept <- err
						return
					}
				}
			}
		}()
		const uploads = 48
		results := make(chan error, uploads)
		for range uploads {
			go func() {
				_, err := f.add(t, "the same log, sent by every responder at once")
				results <- err
			}()
		}
		recorded := 0
		for range uploads {
			switch err := <-results; {
			case err == nil:
				recorded++
			case apperr.KindOf(err) != apperr.Unavailable:
				t.Errorf("upload: %v, want success or a 503", err)
			}
		}
		close(stop)
		if err := <-swept; err != nil {
			t.Fatal(err)
		}
		items, err := db.AllFiles(f.ctx)
		if err != nil || len(items) != recorded {
			t.Fatalf("%d items with files for %d recorded uploads (err %v)", len(items), recorded, err)
		}
		for _, it := range items {
			if res, err := f.svc.Verify(f.ctx, it.ID); err != nil || !res.OK {
				t.Fatalf("item %s names a file that is not in place: %+v, %v", it.ID, res, err)
			}
		}
		orphans, holds, err := f.svc.Unreferenced(f.ctx)
		if err != nil || len(orphans) != 0 || len(holds) != 0 {
			t.Fatalf("after the race: orphans %v, holds %+v, err %v", orphans, holds, err)
		}
		if recorded > 0 && f.files() != 1 || recorded == 0 && f.files() != 0 {
			t.Fatalf("%d files for %d items of the same bytes", f.files(), recorded)
		}
	})
}
