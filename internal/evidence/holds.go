package evidence

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// FileHold is an upload between placing its file and recording its item, as
// the database knows it: inserted before the file is moved into place,
// deleted with the item's transaction, refreshed (SeenAt) while the upload
// waits. Files are content-addressed, so uploads of the same bytes share one
// file: a file that no item names is removed only when no upload holds it,
// and its removal and a new hold on it take turns (Store.EndFileHold), in
// every replica.
type FileHold struct {
	ID         uuid.UUID
	StorageKey string
	StartedAt  time.Time
	SeenAt     time.Time
}

// How often a waiting upload says it is alive, and how long a hold may go
// unrefreshed before it counts as an upload that died (variables for the
// tests). The gap leaves room for a slow database and clocks a few seconds
// apart between replicas.
var holdRefresh, holdStale = 5 * time.Second, 30 * time.Second

// SweepEvery is how often the leader looks for dead uploads' holds.
const SweepEvery = 10 * time.Second

// hold records that this upload is about to place its file, and keeps the
// record fresh until the returned function is called.
func (s *Service) hold(ctx context.Context, key string) (FileHold, func(), error) {
	now := s.now(ctx)
	h := FileHold{ID: uuid.Must(uuid.NewV7()), StorageKey: key, StartedAt: now, SeenAt: now}
	if err := s.store.HoldFile(ctx, h); err != nil {
		return FileHold{}, nil, fmt.Errorf("hold the file's place: %w", err)
	}
	ctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(holdRefresh)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				// A refresh that fails is tried again at the next tick; one
				// missed for holdStale loses the hold, and the item's
				// transaction then fails rather than name a removed file.
				_ = s.store.TouchFileHold(ctx, h.ID, s.now(ctx))
			}
		}
	}()
	return h, func() { stop(); <-done }, nil
}

// letGo ends the hold of an upload that failed to record its item: its file
// is removed unless an item names it or another upload holds it. When the
// database cannot do that now (it failed the transaction too, say, while
// restarting), the hold stays and the sweep ends it once it is stale.
func (s *Service) letGo(ctx context.Context, h FileHold) {
	ctx = context.WithoutCancel(ctx)
	_, _ = s.store.EndFileHold(ctx, h, func(ctx context.Context) error { return s.blobs.Remove(ctx, h.StorageKey) })
}

// SweepDeadUploads ends the holds of uploads not seen for holdStale: their
// process died between placing a file and recording its item (killed, or
// cut off from the database). Each such file that no item names and no live
// upload holds is removed, and the removal is audited; a removal that fails
// is tried again at the next sweep. It returns how many files it removed.
func (s *Service) SweepDeadUploads(ctx context.Context) (int, error) {
	holds, err := s.store.FileHolds(ctx, s.now(ctx).Add(-holdStale))
	if err != nil {
		return 0, fmt.Errorf("list dead uploads: %w", err)
	}
	removed := 0
	for _, h := range holds {
		gone, err := s.store.EndFileHold(ctx, h, func(ctx context.Context) error {
			if err := s.blobs.Remove(ctx, h.StorageKey); err != nil {
				return fmt.Errorf("remove the file of a dead upload: %w", err)
			}
			return s.audit.Record(ctx, audit.Entry{Action: "evidence.file_removed", EntityType: "evidence_file", EntityID: h.StorageKey,
				ActorEmail: "caseward", Changes: audit.Changes{
					"sha256":              {h.StorageKey, nil},
					"upload_started_at":   {audit.TimeValue(&h.StartedAt), nil},
					"upload_last_seen_at": {audit.TimeValue(&h.SeenAt), nil},
				}})
		})
		if err != nil {
			return removed, fmt.Errorf("end the hold of a dead upload of %s: %w", h.StorageKey, err)
		}
		if gone {
			removed++
		}
	}
	return removed, nil
}

// RunSweeper runs SweepDeadUploads every interval until ctx ends: one
// replica at a time, the leader.
func (s *Service) RunSweeper(ctx context.Context, interval time.Duration, log *slog.Logger) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := s.SweepDeadUploads(ctx); err != nil && ctx.Err() == nil {
			log.Warn("sweep dead uploads", "err", err)
		} else if n > 0 {
			log.Info("removed the files of uploads that died before recording their item", "files", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
