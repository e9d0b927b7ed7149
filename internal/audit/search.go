package audit

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/text"
)

// MaxQuery is the longest free-text search of the trail, in characters.
const MaxQuery = 100

// MaxMatches bounds how many things of one kind (evidence items,
// milestones, people …) a search may name before it is too broad to answer.
const MaxMatches = 10_000

// Match is what a free-text search of the trail resolves to: an event
// matches when its action, actor, entity or case is among these, or it is a
// failed sign-in whose tried email holds FailedLogin. The trail itself is then
// read through its indexes, never scanned for the text.
type Match struct {
	Actions  []string
	Actors   []string            // user ids
	Entities map[string][]string // entity type → ids
	Cases    []string            // case ids, when few cases match
	// CaseReference, when set, is the folded text many case references hold
	// (too many to list): events of those cases match.
	CaseReference string
	FailedLogin   string // lower case; empty when the text cannot be part of an email
}

// Empty reports whether nothing can match.
func (m Match) Empty() bool {
	n := len(m.Actions) + len(m.Actors) + len(m.Cases)
	for _, ids := range m.Entities {
		n += len(ids)
	}
	return n == 0 && m.CaseReference == "" && m.FailedLogin == ""
}

// Matcher resolves folded text to the people, cases and things whose names
// hold it.
type Matcher interface {
	MatchAuditText(ctx context.Context, folded string) (Match, error)
}

// resolveText turns the free text of a search into f.Match; ok is false
// when nothing can match, so the trail need not be read at all.
func (s *Service) resolveText(ctx context.Context, f *Filter) (ok bool, err error) {
	q := strings.TrimSpace(f.Text)
	if q == "" {
		return true, nil
	}
	if utf8.RuneCountInString(q) > MaxQuery || !text.OneLine(q) {
		return false, apperr.Invalidf([]apperr.FieldError{{Field: "q", Message: fmt.Sprintf("must be one line of at most %d characters", MaxQuery)}}, "bad search")
	}
	folded := text.Fold(q)
	m, err := s.store.MatchAuditText(ctx, folded)
	if err != nil {
		return false, fmt.Errorf("resolve audit search: %w", err)
	}
	for _, ids := range append([][]string{m.Actors, m.Cases}, mapValues(m.Entities)...) {
		if len(ids) > MaxMatches {
			return false, apperr.Invalidf([]apperr.FieldError{{Field: "q", Message: "names too many things to search: be more specific"}}, "search too broad")
		}
	}
	for _, a := range Actions {
		if strings.Contains(text.Fold(a), folded) {
			m.Actions = append(m.Actions, a)
		}
	}
	if !strings.ContainsFunc(folded, func(r rune) bool { return r == ' ' || r == ',' }) {
		m.FailedLogin = strings.ToLower(q) // as emails are kept
	}
	f.Match = &m
	return !m.Empty(), nil
}

func mapValues(m map[string][]string) [][]string {
	out := make([][]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
