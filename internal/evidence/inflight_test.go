package evidence

import "testing"

func TestAFileIsRemovedOnlyByAnUploadThatHeldItsKeyAlone(t *testing.T) {
	const key, other = "k", "o"
	steps := []struct {
		name    string
		run     func(f *inFlight, remove func() error) error
		removed bool
	}{
		{"alone", func(f *inFlight, remove func() error) error {
			f.hold(key)
			return f.releaseAndRemove(key, remove)
		}, true},
		{"another upload still holds it", func(f *inFlight, remove func() error) error {
			f.hold(key)
			f.hold(key)
			return f.releaseAndRemove(key, remove)
		}, false},
		{"another upload held it and finished", func(f *inFlight, remove func() error) error {
			f.hold(key)
			f.hold(key)
			f.release(key)
			return f.releaseAndRemove(key, remove)
		}, false},
		{"an upload of other bytes held its own key", func(f *inFlight, remove func() error) error {
			f.hold(key)
			f.hold(other)
			return f.releaseAndRemove(key, remove)
		}, true},
		{"another upload came and went before", func(f *inFlight, remove func() error) error {
			f.hold(key)
			f.hold(key)
			f.release(key)
			f.release(key)
			f.hold(key)
			return f.releaseAndRemove(key, remove)
		}, true},
	}
	for _, tc := range steps {
		removed := false
		if err := tc.run(newInFlight(), func() error { removed = true; return nil }); err != nil {
			t.Fatal(err)
		}
		if removed != tc.removed {
			t.Errorf("%s: removed %v, want %v", tc.name, removed, tc.removed)
		}
	}
}
