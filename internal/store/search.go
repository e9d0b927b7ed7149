package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"gorm.io/gorm"
)

// A search finds the cases where every word of its text, in any order, is in
// the case's own search_text (reference, title and summary) or in one of its
// notes, case-insensitive. Each note is indexed in its own row (PostgreSQL: a
// stored vector with a GIN index; SQLite: the notes_search FTS5 index), so
// adding one never re-indexes the case, whatever it holds.
//
// The words are read here, the same for both databases (searchWords): runs of
// letters, digits and combining marks. Everything else only separates words,
// so no text a user types (quotes, `:*`, `&`, `|`, `!`, parentheses, `-`) is
// ever read as either database's query syntax. The words are whole words but
// the last, which matches as a prefix (`citiz` finds `citizen`) when it has at
// least minPrefix characters: search as you type. Both indexes split on the
// same characters: FTS5's unicode61 tokenizer does; PostgreSQL's parser would
// keep `user@example.org`, `1.5` or `-0150` whole, so its vectors are taken
// over the text with ASCII punctuation turned into spaces (migration 00025).
// A reference's number is also indexed without its leading zeros
// (searchText), so `150` finds INC-2026-0150 as `0150` does.

// minPrefix is the fewest characters the last word needs to match as a
// prefix. A single letter would match most of the index's words: it matches
// as a whole word, as before (bench: "full-text search one letter").
const minPrefix = 2

// searchWords are the words of a search text (see above).
func searchWords(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) })
}

// lastIsPrefix tells whether the last of words matches as a prefix.
func lastIsPrefix(words []string) bool {
	return len(words) > 0 && utf8.RuneCountInString(words[len(words)-1]) >= minPrefix
}

// sqliteMatch is words as an FTS5 query: each word quoted (FTS5 may split a
// word into a phrase of tokens), the last with a `*` when it is a prefix.
func sqliteMatch(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"` // no quote in a word: it is only letters, digits and marks
	}
	if lastIsPrefix(words) {
		quoted[len(quoted)-1] += "*"
	}
	return strings.Join(quoted, " ")
}

// postgresQuery is words as to_tsquery's text: each word a quoted lexeme
// (quotes and backslashes, tsquery's only escapes, are never in a word),
// all of them required, the last with `:*` when it is a prefix.
func postgresQuery(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `'` + w + `'`
	}
	if lastIsPrefix(words) {
		quoted[len(quoted)-1] += ":*"
	}
	return strings.Join(quoted, " & ")
}

// postgresOwnMatch is the condition on cases for a search of their own text
// (it takes postgresQuery once). ListCases reads a page of these and a page
// of those with a matching note (postgresNoteMatch) and merges them.
const postgresOwnMatch = `cases.search_vector @@ to_tsquery('simple', ?)`

// postgresNoteMatch returns the condition on cases for "one of its notes
// matches query" (postgresQuery), with its arguments. PostgreSQL's statistics
// cannot tell a word no note holds from a common one (it estimated 1 947
// notes for a word in none and walked all 100 000 cases checking their
// notes: 320 ms), so the matching notes are counted first through the GIN
// index, up to sortLimit. Fewer: their cases are collected once and found by
// id. More: the list's index is walked, checking each case's few notes
// through notes_case_idx, which finds a page of a common word within its
// first few hundred cases.
//
// The count is told to read the GIN index: for a prefix (`phishing:*`) the
// planner costs the index's partial match so high that it reads the notes in
// turn instead until 2 000 match, 112–124 ms for a common word at 20 000
// cases (80 000 notes) against 15–44 ms through the index.
func (db *DB) postgresNoteMatch(ctx context.Context, query string) (string, []any, error) {
	var held int64
	count := func(tx *gorm.DB) error {
		return tx.Raw(fmt.Sprintf(`SELECT count(*) FROM (SELECT 1 FROM notes WHERE search_vector @@ to_tsquery('simple', ?) LIMIT %d) n`,
			sortLimit), query).Scan(&held).Error
	}
	var err error
	if _, inTx := ctx.Value(txKey{}).(*txState); inTx {
		err = count(db.reader(ctx)) // SET LOCAL would outlive the count
	} else {
		err = db.reader(ctx).Transaction(func(tx *gorm.DB) error {
			if err := tx.Exec(`SET LOCAL enable_seqscan = off`).Error; err != nil {
				return err
			}
			return count(tx)
		})
	}
	if err != nil {
		return "", nil, translate(err, "count note matches")
	}
	if held < sortLimit {
		return `cases.id = ANY (ARRAY(SELECT case_id FROM notes WHERE notes.search_vector @@ to_tsquery('simple', ?)))`, []any{query}, nil
	}
	return `cases.id IN (SELECT case_id FROM notes WHERE notes.search_vector @@ to_tsquery('simple', ?))`, []any{query}, nil
}

// sortLimit is how many matches SQLite reads and sorts at most; past it, a
// search or a filtered list walks the index of the list's own order instead.
// PostgreSQL's note matches follow the same rule (postgresNoteMatch).
const sortLimit = 2000

// sqliteTextFilter keeps the cases whose own text or one of whose notes
// matches words. SQLite's planner cannot tell a common word from a rare one in
// FTS5, so it is told: the matches in each index are counted first, up to
// sortLimit. Below it in both, the matching cases are collected from
// both indexes and sorted. Otherwise the list's index is walked (the unary +
// keeps the planner off the rowids), keeping the cases whose rowid is among
// the case index's matches or that have a note among the note index's: each
// match list is read once, and a case's notes are found through
// notes_case_idx. That finds a page of a common word within its first few
// hundred cases (reading and sorting all 60 000 cases that mention "phishing"
// took seconds; asking the note index about each note in turn, 1 s).
func sqliteTextFilter(q *gorm.DB, words []string) *gorm.DB {
	match := sqliteMatch(words)
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
