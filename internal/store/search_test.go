package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// searchCorpus is the cases the search table reads: reference, title,
// summary and one note (or none).
var searchCorpus = [][4]string{
	{"INC-2026-0150", "Phishing wave hits citizens", "Mail from user@example.org, e-mail client version 1.5", ""},
	{"INC-2026-1500", "Wyciek danych: zażółć gęślą jaźń", "Źródło nieznane", ""},
	{"INC-2026-0015", "تسرب البيانات", "رسائل مشبوهة إلى جميع الأقسام", ""},
	{"INC-2025-0150", "Printer driver tampered", "Payment terminal offline (café)", "Beaconing to a command server"},
}

// searchReferences lists the references of the cases text finds, sorted.
func searchReferences(t *testing.T, db *store.DB, text string) []string {
	t.Helper()
	got, err := db.ListCases(context.Background(), cases.Query{Scope: cases.Scope{All: true}, Sort: cases.SortOpened, Limit: 50, Text: text, Now: time.Now()})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	refs := []string{}
	for _, c := range got {
		refs = append(refs, c.Reference)
	}
	slices.Sort(refs)
	return refs
}

// One table of searches, the same answers on both databases (docs/cases.md):
// every word required, the last a prefix from two characters, references and
// their numbers in part, case folded, diacritics significant, and whatever a
// user types (tsquery's or FTS5's syntax, quotes, punctuation alone) only
// separating words: no search errs or means something else.
func TestSearchTable(t *testing.T) {
	t.Parallel()
	const (
		a26, b26, c26, d25 = "INC-2026-0150", "INC-2026-1500", "INC-2026-0015", "INC-2025-0150"
	)
	table := map[string][]string{
		// The last word is a prefix; earlier words are whole.
		"phish":         {a26},
		"PHISH":         {a26},
		"Citiz":         {a26},
		"payment":       {d25},
		"pay":           {d25},
		"phishing wave": {a26},
		"wave phish":    {a26},
		"phish wave":    {},
		"p":             {}, // one letter: a whole word, not a prefix
		"zz":            {},
		// References and their numbers, in part.
		"150":           {a26, b26, d25}, // 0150 indexed as 150 too; 1500 starts with 150
		"0150":          {a26, d25},
		"2026-0150":     {a26},
		"INC-2026":      {a26, b26, c26},
		"inc-2026-0015": {c26},
		"15":            {a26, b26, c26, d25},
		"inc 2025":      {d25},
		a26:             {a26},
		"INC-2026-01":   {a26},
		"INC-2026-00":   {c26},
		// Polish and Arabic; case folded, diacritics significant.
		"zażółć":   {b26},
		"zażó":     {b26},
		"zazolc":   {},
		"ŹRÓDŁO":   {b26},
		"źró":      {b26},
		"البيانات": {c26},
		"البي":     {c26},
		"café":     {d25},
		"cafe":     {},
		// Punctuation separates words, as in FTS5, on PostgreSQL too.
		"user@example.org": {a26},
		"example":          {a26},
		"example.org":      {a26},
		"e-mail":           {a26},
		"mail":             {a26},
		"1.5":              {a26},
		"version 1":        {a26},
		// Notes: every word in one place.
		"beacon":             {d25},
		"beaconing command":  {d25},
		"command beacon":     {d25},
		"beaconing phishing": {},
		"printer beaconing":  {},
		// What a user types is never query syntax.
		`"phishing`:                 {a26},
		`'phishing'`:                {a26},
		`phishing"`:                 {a26},
		"citiz:*":                   {a26},
		"phishing:*":                {a26},
		"wave & phish":              {a26},
		"phishing & payment":        {},
		"phishing | payment":        {},
		"!phishing":                 {a26},
		"(phishing)":                {a26},
		"phishing -wave":            {a26},
		"phishing !":                {a26},
		"phishing <-> wave":         {a26},
		"phish*":                    {a26},
		`\phishing\`:                {a26},
		"-":                         {},
		`"`:                         {},
		"&|!()":                     {},
		"''":                        {},
		":*":                        {},
		`'; DROP TABLE cases; --`:   {},
		"NEAR(phishing wave)":       {},
		"phishing AND wave OR x":    {},
		"phishing OR payment":       {},
		"title:phishing":            {},
		"^phishing":                 {a26},
		"phishing\u00a0wave":        {a26}, // a no-break space separates too
		"«phishing» „wave”":         {a26},
		"phishing\twave\nhits":      {a26},
		"   ":                       {a26, b26, c26, d25}, // no search
		"phishing\x00wave":          {a26},
		"\u0301":                    {}, // a combining mark alone
		"https://example.org/phish": {},
	}
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		author, err := db.CreateUser(ctx, users.User{ID: uuid.New(), Email: "a@example.org", Name: "A", Role: users.Responder}, "x")
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
		var cs []cases.Case
		for _, c := range searchCorpus {
			cs = append(cs, cases.Case{ID: uuid.New(), Reference: c[0], Title: c[1], Summary: c[2], Category: cases.Categories[0],
				Severity: cases.Severities[0], Status: cases.Reported, BreachStatus: cases.BreachStatuses[0], OwnerID: author.ID,
				DetectedAt: at, AwareAt: at})
		}
		stored, err := db.CreateCases(ctx, cs)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range searchCorpus {
			if c[3] != "" {
				n := cases.Note{ID: uuid.New(), CaseID: stored[i].ID, Kind: cases.NoteUpdate, Body: c[3], AuthorID: author.ID, CreatedAt: at}
				if err := db.CreateNote(ctx, n, cases.Scope{All: true}, 10); err != nil {
					t.Fatal(err)
				}
			}
		}
		for q, want := range table {
			if got := searchReferences(t, db, q); fmt.Sprint(got) != fmt.Sprint(sorted(want)) {
				t.Errorf("q=%q found %q, want %q", q, got, sorted(want))
			}
		}
	})
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// Migration 00025 indexes the cases and notes written before it as the store
// writes new ones: a reference's number without its leading zeros, and (on
// PostgreSQL) punctuation separating words.
func TestMigrationIndexesReferenceNumbersAndPunctuation(t *testing.T) {
	t.Parallel()
	for _, d := range []store.Dialect{store.SQLite, store.Postgres} {
		t.Run(string(d), func(t *testing.T) {
			db := dbtest.OpenEmpty(t, d)
			ctx := context.Background()
			if err := db.MigrateTo(ctx, 22); err != nil {
				t.Fatal(err)
			}
			const at = "'2026-01-01 00:00:00+00:00'"
			stmts := []string{
				`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-000000000001', 'a@b.c', 'A', 'admin', 'x', ` + at + `, ` + at + `)`,
			}
			for _, c := range [][3]string{{"c1", "INC-2026-0150", "Mail from user@example.org"}, {"c2", "INC-2026-1234", "Printer"}, {"c3", "INC-2026-0000", "Zero"}} {
				stmts = append(stmts, `INSERT INTO cases (id, reference, title, search_text, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000`+c[0]+`', '`+c[1]+`', '`+c[2]+`', '`+c[1]+`'||char(10)||'`+c[2]+`'||char(10), 'malware', 'low', 1, 'reported', 'suspected', '01936f6e-0000-7000-8000-000000000001', `+at+`, `+at+`, false, `+at+`, `+at+`)`)
			}
			stmts = append(stmts, `INSERT INTO notes (id, case_id, kind, body, author_id, created_at)
				 VALUES ('01936f6e-0000-7000-8000-0000000000a1', '01936f6e-0000-7000-8000-0000000000c2', 'update', 'Beaconing to host.example.net', '01936f6e-0000-7000-8000-000000000001', `+at+`)`)
			for _, s := range stmts {
				if d == store.Postgres {
					s = replaceChar10(s)
				}
				if err := db.Exec(ctx, s); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := db.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string]string{"c1": "INC-2026-0150\nMail from user@example.org\n\n150", "c2": "INC-2026-1234\nPrinter\n", "c3": "INC-2026-0000\nZero\n"} {
				if got := caseSearchText(t, db, uuid.MustParse("01936f6e-0000-7000-8000-0000000000"+id)); got != want {
					t.Errorf("case %s search text %q, want %q", id, got, want)
				}
			}
			for q, want := range map[string][]string{"150": {"INC-2026-0150"}, "0150": {"INC-2026-0150"}, "example": {"INC-2026-0150", "INC-2026-1234"}, "example.org": {"INC-2026-0150"},
				"host": {"INC-2026-1234"}, "example.net": {"INC-2026-1234"}, "beac": {"INC-2026-1234"}, "0000": {"INC-2026-0000"}, "zero": {"INC-2026-0000"}} {
				if got := searchReferences(t, db, q); fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("q=%q found %q after the migration, want %q", q, got, want)
				}
			}
		})
	}
}

// replaceChar10 writes SQLite's char(10) as PostgreSQL's chr(10).
func replaceChar10(s string) string {
	return strings.ReplaceAll(s, "char(10)", "chr(10)")
}
