package evidence

import "context"

// Unreferenced lists stored files that no item names. Add stores a file before
// it commits the item, so a crash between the two leaves one (and an upload
// caught between the two steps looks like one for a moment); so do a folder
// sync that failed after the move, and failed uploads of the same bytes at the
// same time, which each keep the file for the other. They are evidence
// bytes without a record or a chain of custody: verify-all reports them for an
// operator to look at; nothing removes them by itself, since a sweep cannot
// tell them from an upload about to commit.
func (s *Service) Unreferenced(ctx context.Context) ([]string, error) {
	var stored []string
	if err := s.blobs.Keys(ctx, func(key string) error {
		stored = append(stored, key)
		return nil
	}); err != nil {
		return nil, err
	}
	items, err := s.store.AllFiles(ctx) // read after listing, so a file committed meanwhile counts as named
	if err != nil {
		return nil, err
	}
	named := make(map[string]bool, len(items))
	for _, it := range items {
		named[it.File.StorageKey] = true
	}
	var out []string
	for _, key := range stored {
		if !named[key] {
			out = append(out, key)
		}
	}
	return out, nil
}
