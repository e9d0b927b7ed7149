package audit

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
)

// fakeTrail answers a search with a set Match and counts the reads of the trail.
type fakeTrail struct {
	match  Match
	folded string
	reads  int
	listed Filter
}

func (f *fakeTrail) AuditBatch(context.Context, int64, int) ([]Event, error) { return nil, nil }
func (f *fakeTrail) AppendAudit(context.Context, Event) error                { return nil }
func (f *fakeTrail) ResolveNames(context.Context, Refs) (Names, error)       { return Names{}, nil }
func (f *fakeTrail) ListAudit(_ context.Context, fl Filter) ([]Event, error) {
	f.reads++
	f.listed = fl
	return nil, nil
}
func (f *fakeTrail) MatchAuditText(_ context.Context, folded string) (Match, error) {
	f.folded = folded
	return f.match, nil
}

func TestSearchThatNamesNothingReadsNoEvent(t *testing.T) {
	trail := &fakeTrail{}
	events, more, err := NewService(trail).List(context.Background(), Filter{Limit: 50, Text: "  no such thing  "})
	if err != nil || len(events) != 0 || more {
		t.Fatalf("List = %v, %v, %v", events, more, err)
	}
	if trail.reads != 0 {
		t.Errorf("read the trail %d times for a search that names nothing", trail.reads)
	}
	if trail.folded != "NO SUCH THING" {
		t.Errorf("resolved %q, want the folded, trimmed text", trail.folded)
	}
}

func TestSearchMatchesActionsAndFailedSignInsWhateverTheirCase(t *testing.T) {
	trail := &fakeTrail{}
	if _, _, err := NewService(trail).List(context.Background(), Filter{Limit: 50, Text: "Login"}); err != nil {
		t.Fatal(err)
	}
	m := trail.listed.Match
	if m == nil || strings.Join(m.Actions, " ") != "auth.login auth.login_failed" || m.FailedLogin != "login" {
		t.Fatalf("match %+v, want the sign-in actions and failed sign-ins holding \"login\"", m)
	}
}

func TestSearchTooBroadOrTooLongIsRefused(t *testing.T) {
	many := make([]string, MaxMatches+1)
	for i := range many {
		many[i] = uuid.NewString()
	}
	for name, tc := range map[string]struct {
		text  string
		match Match
	}{
		"too broad": {"e", Match{Entities: map[string][]string{"evidence": many}}},
		"too long":  {strings.Repeat("é", MaxQuery+1), Match{}},
		"two lines": {"a\nb", Match{}},
	} {
		trail := &fakeTrail{match: tc.match}
		_, _, err := NewService(trail).List(context.Background(), Filter{Limit: 50, Text: tc.text})
		var ae *apperr.Error
		if !apperr.Is(err, apperr.Invalid) || !errors.As(err, &ae) || len(ae.Fields) != 1 || ae.Fields[0].Field != "q" {
			t.Errorf("%s: err = %v, want a field error on q", name, err)
		}
		if trail.reads != 0 {
			t.Errorf("%s: read the trail", name)
		}
	}
}
