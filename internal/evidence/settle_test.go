package evidence

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/blob"
)

var errDown = errors.New("the database is restarting")

// restarting is a database that fails every transaction, and answers whether
// a file is named only from its failures+1st question on.
type restarting struct {
	Store    // nil: the upload needs nothing else
	failures int32
	named    bool
	asked    atomic.Int32
}

func (r *restarting) InTx(context.Context, func(context.Context) error) error { return errDown }

func (r *restarting) FileNamed(context.Context, string) (bool, error) {
	if r.asked.Add(1) <= r.failures {
		return false, errDown
	}
	return r.named, nil
}

// An upload that placed its file and then met a database that answered
// nothing (neither its transaction nor whether an item names the file: it
// was restarting) fails at once, and the file's fate is decided once the
// database answers: removed when no item names it, kept when one does (the
// transaction committed after all). Before, such a file was kept for good,
// unreferenced, after every database restart under uploads.
func TestAFilePlacedWhileTheDatabaseRestartsIsSettledOnceItAnswers(t *testing.T) {
	defer func(d time.Duration) { settleEvery = d }(settleEvery)
	settleEvery = 10 * time.Millisecond
	for _, named := range []bool{false, true} {
		db := &restarting{failures: 3, named: named}
		blobs, err := blob.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		s := NewService(db, blobs, nil, 1<<20)
		ctx := context.Background()
		rec, err := s.Receive(ctx, "auth.log", strings.NewReader("Nov 29 03:12:44 sshd: Accepted password for root"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Add(ctx, Item{CaseID: uuid.New(), Title: "SSH log", Kind: "log"}, rec, ""); !errors.Is(err, errDown) {
			t.Fatalf("add while the database is down: %v, want its error", err)
		}
		stored := func() int {
			n := 0
			_ = blobs.Keys(ctx, func(string) error { n++; return nil })
			return n
		}
		for deadline := time.Now().Add(5 * time.Second); db.asked.Load() <= db.failures && time.Now().Before(deadline); {
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // the removal follows the answer
		want := 0
		if named {
			want = 1
		}
		if got := stored(); got != want || db.asked.Load() != db.failures+1 {
			t.Fatalf("named %v: %d files stored after %d questions, want %d after %d", named, got, db.asked.Load(), want, db.failures+1)
		}
		s.inFlight.mu.Lock()
		held := s.inFlight.keys[rec.File.StorageKey] != nil
		s.inFlight.mu.Unlock()
		if held {
			t.Fatalf("named %v: the key is still held", named)
		}
	}
}
