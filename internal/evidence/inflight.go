package evidence

import "sync"

// inFlight tracks the stored files that uploads of this process are between
// placing and recording. Files are content-addressed, so two uploads of the
// same bytes share one file: an upload whose transaction fails may remove the
// file only if no other upload held the same key meanwhile, since that one's
// item may name it.
type inFlight struct {
	mu   sync.Mutex
	keys map[string]*keyUse
}

type keyUse struct {
	holders int
	shared  bool // two or more uploads held the key at once since it was first held
}

func newInFlight() *inFlight {
	return &inFlight{keys: map[string]*keyUse{}}
}

// hold marks key as in use by one upload, before the upload places its file.
func (f *inFlight) hold(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	u := f.keys[key]
	if u == nil {
		u = &keyUse{}
		f.keys[key] = u
	}
	u.holders++
	if u.holders > 1 {
		u.shared = true
	}
}

// release ends one upload's use of key.
func (f *inFlight) release(key string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.end(key)
}

// releaseAndRemove ends one upload's use of key and, if no other upload held
// the key while this one did, calls remove before any other upload can take
// the key, so that none finds the file in place and then loses it.
func (f *inFlight) releaseAndRemove(key string, remove func() error) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.end(key) {
		return remove()
	}
	return nil
}

// end drops one holder of key and reports whether it held the key alone.
func (f *inFlight) end(key string) (alone bool) {
	u := f.keys[key]
	u.holders--
	if u.holders == 0 {
		delete(f.keys, key)
	}
	return !u.shared
}
