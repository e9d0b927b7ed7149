package page

// Read reads one page of at most limit items through read, asking it for one
// more than the page so as to know whether more follow without a count: every
// list reads its pages this way, so callers pass the page size and never add
// the extra row themselves.
func Read[T any](limit int, read func(n int) ([]T, error)) ([]T, bool, error) {
	items, err := read(limit + 1)
	if err != nil {
		return nil, false, err
	}
	if len(items) > limit {
		return items[:limit], true, nil
	}
	return items, false, nil
}
