package evidence

import (
	"context"
	"time"
)

// How often, and for how long, an upload that could not tell whether its
// file is named asks again (variables for the tests).
var settleEvery, settleFor = time.Second, 10 * time.Minute

// settleLater decides the fate of a file an upload placed and failed to
// record, when the database did not answer whether an item names it (it was
// restarting, say: the transaction failed, and so did the question). The
// upload's answer does not wait: in the background, holding the key, it asks
// again every settleEvery until the database answers, and removes the file
// if no item names it (the transaction did not commit after all) or keeps it
// (it did). Given up after settleFor, or lost with the process, the file stays
// and `caseward evidence verify-all` lists it as unreferenced.
func (s *Service) settleLater(ctx context.Context, key string) {
	deadline := time.Now().Add(settleFor)
	for {
		time.Sleep(settleEvery)
		named, err := s.store.FileNamed(ctx, key)
		switch {
		case err == nil && named:
			s.inFlight.release(key)
			return
		case err == nil:
			// A failed removal leaves the file for verify-all to list.
			_ = s.inFlight.releaseAndRemove(key, func() error { return s.blobs.Remove(ctx, key) })
			return
		case time.Now().After(deadline):
			s.inFlight.release(key)
			return
		}
	}
}
