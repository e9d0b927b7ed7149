package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// caseSearchText reads a case's stored search text around the store.
func caseSearchText(t *testing.T, db *store.DB, id uuid.UUID) string {
	t.Helper()
	var text string
	if err := db.SQL().QueryRow(fmt.Sprintf(`SELECT search_text FROM cases WHERE id = '%s'`, id)).Scan(&text); err != nil {
		t.Fatal(err)
	}
	return text
}

// searchTitles lists the titles of the cases text finds, newest first.
func searchTitles(t *testing.T, db *store.DB, text string) []string {
	t.Helper()
	got, err := db.ListCases(context.Background(), cases.Query{Scope: cases.Scope{All: true}, Sort: cases.SortOpened, Limit: 50, Text: text, Now: time.Now()})
	if err != nil {
		t.Fatalf("search %q: %v", text, err)
	}
	titles := []string{}
	for _, c := range got {
		titles = append(titles, c.Title)
	}
	return titles
}

func newCase(t *testing.T, cs *cases.Service, ctx context.Context, title string) cases.Case {
	t.Helper()
	c, err := cs.Create(ctx, cases.Case{Title: title, Summary: "Opened by a test", Category: "malware", Severity: "high",
		DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A note is indexed in its own row: adding it leaves the case's search text
// as it was (so its cost does not grow with the case's notes), and its words
// find the case. Every word of a search must be in the case's own fields or
// in one note (docs/cases.md).
func TestNoteLeavesCaseSearchTextAndFindsTheCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		printer := newCase(t, cs, ctx, "Printer driver tampered")
		newCase(t, cs, ctx, "Phishing wave")
		before := caseSearchText(t, db, printer.ID)
		for _, body := range []string{"Beaconing to a command server from the print spooler", "Quarantine applied overnight"} {
			if _, err := cs.AddNote(ctx, printer.ID, cases.NoteUpdate, body); err != nil {
				t.Fatal(err)
			}
		}
		if after := caseSearchText(t, db, printer.ID); after != before {
			t.Fatalf("search text changed by notes: %q, was %q", after, before)
		}
		for q, want := range map[string][]string{
			"beaconing":            {"Printer driver tampered"},
			"SPOOLER command":      {"Printer driver tampered"},
			"quarantine":           {"Printer driver tampered"},
			"printer":              {"Printer driver tampered"},
			"phishing":             {"Phishing wave"},
			"beacon":               {"Printer driver tampered"}, // the last word a prefix
			"beacon spooler":       {},                          // the others whole words
			"beaconing quarantine": {},                          // two notes: not in one place
			"beaconing nowhere":    {},                          // every word
			"test":                 {"Phishing wave", "Printer driver tampered"},
		} {
			if got := searchTitles(t, db, q); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("q=%q found %q, want %q", q, got, want)
			}
		}
	})
}

// A case's notes may hold far more text than one search vector could
// (PostgreSQL refuses a tsvector past 1 MB: with notes in the case's vector,
// the note after about 720 KB of note text failed), and a note of the
// contract's most characters, every one a different word, is indexed and found.
func TestLargeNotesOnOneCaseStayIndexed(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		c := newCase(t, cs, ctx, "Disk image leak")
		for i := range 60 {
			if _, err := cs.AddNote(ctx, c.ID, cases.NoteUpdate, distinctWords(fmt.Sprintf("n%dw", i), 20000)); err != nil {
				t.Fatalf("note %d: %v", i, err)
			}
		}
		// The contract's most: 20 000 characters, here two-byte letters, every
		// word a different one.
		wide := cyrillicWords(20000)
		if _, err := cs.AddNote(ctx, c.ID, cases.NoteUpdate, wide); err != nil {
			t.Fatalf("note of 20 000 two-byte characters: %v", err)
		}
		last := wide[strings.LastIndexByte(wide, ' ')+1:]
		if got := searchTitles(t, db, last); fmt.Sprint(got) != "[Disk image leak]" {
			t.Errorf("q=%q found %q", last, got)
		}
		for _, q := range []string{"n0w0", "n59w1500", "n30w7"} {
			if got := searchTitles(t, db, q); fmt.Sprint(got) != "[Disk image leak]" {
				t.Errorf("q=%q found %q", q, got)
			}
		}
	})
}

// cyrillicWords is n characters of different Cyrillic words.
func cyrillicWords(n int) string {
	var b strings.Builder
	chars := 0
	for i := 0; ; i++ {
		w := []rune("ж")
		for _, d := range fmt.Sprint(i) {
			w = append(w, 'а'+(d-'0'))
		}
		if chars+len(w)+1 > n+1 {
			break
		}
		if chars > 0 {
			b.WriteByte(' ')
			chars++
		}
		b.WriteString(string(w))
		chars += len(w)
	}
	return b.String()
}

// distinctWords is n characters of different words, each starting with prefix.
func distinctWords(prefix string, n int) string {
	var b strings.Builder
	for i := 0; ; i++ {
		w := fmt.Sprintf("%s%d ", prefix, i)
		if b.Len()+len(w) > n {
			break
		}
		b.WriteString(w)
	}
	return strings.TrimSpace(b.String())
}

// A case holds at most cases.MaxNotesPerCase notes: the next is a conflict and
// writes nothing (no note, no audit event). A word in every one of them
// (more than the store sorts) still finds the case, through the list's index.
func TestNotesCappedPerCase(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		full := newCase(t, cs, ctx, "Long running incident")
		other := newCase(t, cs, ctx, "Other incident")
		err := db.InTx(ctx, func(ctx context.Context) error {
			for i := range cases.MaxNotesPerCase {
				n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: full.ID, Kind: cases.NoteUpdate, Body: fmt.Sprintf("Hourly status %d", i),
					AuthorID: full.OwnerID, CreatedAt: time.Now()}
				if err := db.CreateNote(ctx, n, cases.Scope{All: true}, cases.MaxNotesPerCase); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		events := func() int {
			var n int
			if err := db.SQL().QueryRow(`SELECT count(*) FROM audit_events`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := events()
		_, err = cs.AddNote(ctx, full.ID, cases.NoteUpdate, "One more status")
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("note past the cap: %v, want a conflict", err)
		}
		var n int
		if err := db.SQL().QueryRowContext(ctx, "SELECT count(*) FROM notes WHERE case_id = $1", full.ID.String()).Scan(&n); err != nil || n != cases.MaxNotesPerCase {
			t.Fatalf("notes held: %d, %v", n, err)
		}
		if got := events(); got != before {
			t.Fatalf("audit events: %d, was %d", got, before)
		}
		if _, err := cs.AddNote(ctx, other.ID, cases.NoteUpdate, "One more status"); err != nil {
			t.Fatalf("another case's note: %v", err)
		}
		for q, want := range map[string]string{"hourly status": "[Long running incident]", "status": "[Other incident Long running incident]"} {
			if got := searchTitles(t, db, q); fmt.Sprint(got) != want {
				t.Errorf("q=%q found %q, want %s", q, got, want)
			}
		}
	})
}

// When more cases match than the store sorts (2 000), a search walks the
// list's order instead, on SQLite: the page is the same either way, the newest
// cases whose own text or one of whose notes matches.
func TestSearchOverNotesWithManyMatchingCases(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		var created []cases.Case
		for i := range 2100 {
			created = append(created, newCase(t, cs, ctx, fmt.Sprintf("Case %d", i)))
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			for i, c := range created {
				body := "Hourly status, nothing new"
				if i%3 == 0 {
					body = "Hourly status: beaconing again"
				}
				n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: c.ID, Kind: cases.NoteUpdate, Body: body, AuthorID: c.OwnerID, CreatedAt: time.Now()}
				if err := db.CreateNote(ctx, n, cases.Scope{All: true}, cases.MaxNotesPerCase); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		newest := func(keep func(i int) bool) []string {
			titles := []string{}
			for i := len(created) - 1; i >= 0 && len(titles) < 50; i-- {
				if keep(i) {
					titles = append(titles, created[i].Title)
				}
			}
			return titles
		}
		for q, want := range map[string][]string{
			"hourly status":    newest(func(int) bool { return true }),
			"beaconing":        newest(func(i int) bool { return i%3 == 0 }),
			"beaconing hourly": newest(func(i int) bool { return i%3 == 0 }),
			"opened test":      newest(func(int) bool { return true }), // the cases' own summaries
			"opened beaconing": {},                                     // a summary and a note: not in one place
		} {
			if got := searchTitles(t, db, q); fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("q=%q found %d cases %q…, want %d %q…", q, len(got), got[:min(3, len(got))], len(want), want[:min(3, len(want))])
			}
		}
	})
}
