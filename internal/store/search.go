package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// A search finds the cases where every word of its text, in any order, is in
// the case's own search_text (reference, title and summary) or in one of its
// notes, whole words and case-insensitive. Each note is indexed in its own
// row (PostgreSQL: a stored vector with a GIN index; SQLite: the notes_search
// FTS5 index), so adding one never re-indexes the case, whatever it holds.

// postgresOwnMatch is the condition on cases for a search of their own text
// (it takes the text once). ListCases reads a page of these and a page of
// those with a matching note (postgresNoteMatch) and merges them.
const postgresOwnMatch = `cases.search_vector @@ plainto_tsquery('simple', ?)`

// postgresNoteMatch returns the condition on cases for "one of its notes
// matches text", with its arguments. PostgreSQL's statistics cannot tell a
// word no note holds from a common one (it estimated 1 947 notes for a word in
// none and walked all 100 000 cases checking their notes: 320 ms), so the
// matching notes are counted first through the GIN index, up to
// sortLimit. Fewer: their cases are collected once and found by id.
// More: the list's index is walked, checking each case's few notes through
// notes_case_idx, which finds a page of a common word within its first few
// hundred cases.
func (db *DB) postgresNoteMatch(ctx context.Context, text string) (string, []any, error) {
	var held int64
	err := db.reader(ctx).Raw(fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM notes WHERE search_vector @@ plainto_tsquery('simple', ?) LIMIT %d) n`,
		sortLimit), text).Scan(&held).Error
	if err != nil {
		return "", nil, translate(err, "count note matches")
	}
	if held < sortLimit {
		return `cases.id = ANY (ARRAY(SELECT case_id FROM notes WHERE notes.search_vector @@ plainto_tsquery('simple', ?)))`, []any{text}, nil
	}
	return `cases.id IN (SELECT case_id FROM notes WHERE notes.search_vector @@ plainto_tsquery('simple', ?))`, []any{text}, nil
}

// sortLimit is how many matches SQLite reads and sorts at most; past it, a
// search or a filtered list walks the index of the list's own order instead.
// PostgreSQL's note matches follow the same rule (postgresNoteMatch).
const sortLimit = 2000

// sqliteTextFilter keeps the cases whose own text or one of whose notes
// matches text. SQLite's planner cannot tell a common word from a rare one in
// FTS5, so it is told: the matches in each index are counted first, up to
// sortLimit. Below it in both, the matching cases are collected from
// both indexes and sorted. Otherwise the list's index is walked (the unary +
// keeps the planner off the rowids), keeping the cases whose rowid is among
// the case index's matches or that have a note among the note index's: each
// match list is read once, and a case's notes are found through
// notes_case_idx. That finds a page of a common word within its first few
// hundred cases (reading and sorting all 60 000 cases that mention "phishing"
// took seconds; asking the note index about each note in turn, 1 s).
// Each word is quoted for FTS5, so any text is a valid query (a word of
// punctuation only matches nothing, as in PostgreSQL).
func sqliteTextFilter(q *gorm.DB, text string) *gorm.DB {
	words := strings.Fields(text)
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	match := strings.Join(words, " ")
	const (
		ownMatches  = `SELECT rowid FROM cases_search WHERE cases_search MATCH ?`
		noteMatches = `SELECT rowid FROM notes_search WHERE notes_search MATCH ?`
	)
	var counts struct{ Own, Notes int64 }
	err := q.Session(&gorm.Session{NewDB: true}).Raw(fmt.Sprintf(
		`SELECT (SELECT count(*) FROM (%s LIMIT %d)) AS own, (SELECT count(*) FROM (%s LIMIT %d)) AS notes`,
		ownMatches, sortLimit, noteMatches, sortLimit), match, match).Scan(&counts).Error
	if err != nil {
		_ = q.AddError(fmt.Errorf("count search matches: %w", err))
		return q
	}
	if counts.Own < sortLimit && counts.Notes < sortLimit {
		return q.Where(`cases.rowid IN (`+ownMatches+` UNION SELECT c.rowid FROM notes n JOIN cases c ON c.id = n.case_id `+
			`WHERE n.rowid IN (`+noteMatches+`))`, match, match)
	}
	return q.Where(`(+cases.rowid IN (`+ownMatches+`) OR EXISTS (SELECT 1 FROM notes n WHERE n.case_id = cases.id `+
		`AND n.rowid IN (`+noteMatches+`)))`, match, match)
}
