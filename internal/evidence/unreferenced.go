package evidence

import (
	"context"
	"time"
)

// Unreferenced lists stored files that no item names and no upload holds, and
// the holds of the uploads between placing a file and recording its item.
// A held file is an upload under way, or one that died and whose file the
// leader removes once its hold is stale (SweepDeadUploads). An unheld file no
// item names is left by what holds do not cover: a crash from before holds
// existed, a folder sync that failed after the move, a file copied into the
// store by hand. Those are evidence bytes without a record or a chain of
// custody: verify-all reports them for an operator to look at, and nothing
// removes them by itself.
func (s *Service) Unreferenced(ctx context.Context) (orphans []string, holds []FileHold, err error) {
	var stored []string
	if err := s.blobs.Keys(ctx, func(key string) error {
		stored = append(stored, key)
		return nil
	}); err != nil {
		return nil, nil, err
	}
	// Read after listing, holds before items: a file placed before the
	// listing is held when its hold is read, or named by then, since an
	// item's transaction ends its hold.
	if holds, err = s.store.FileHolds(ctx, time.Time{}); err != nil {
		return nil, nil, err
	}
	items, err := s.store.AllFiles(ctx)
	if err != nil {
		return nil, nil, err
	}
	named := make(map[string]bool, len(items)+len(holds))
	for _, it := range items {
		named[it.File.StorageKey] = true
	}
	for _, h := range holds {
		named[h.StorageKey] = true
	}
	for _, key := range stored {
		if !named[key] {
			orphans = append(orphans, key)
		}
	}
	return orphans, holds, nil
}
