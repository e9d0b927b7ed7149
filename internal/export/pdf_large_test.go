package export_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
)

// largeSnapshot is the bench scenario of issue 18: a case with 2 000 notes
// of about 500 characters and 1 000 evidence items with 3 custody events
// each, and an audit event for every one of them.
func largeSnapshot() export.Snapshot {
	s := sampleSnapshot()
	caseID := s.Case.ID
	authors := []uuid.UUID{idPolish, idGreek, idArabic, idHebrew}
	body := strings.Repeat("Containment went on through the night; the team checked every host again. ", 7)[:500]
	s.Notes = make([]cases.Note, 0, 2000)
	for i := range 2000 {
		s.Notes = append(s.Notes, cases.Note{ID: uuid.New(), CaseID: caseID, Kind: cases.NoteUpdate,
			Body: fmt.Sprintf("Note %d. %s", i+1, body), AuthorID: authors[i%4], CreatedAt: at(float64(i) / 100)})
	}
	s.Evidence = make([]export.EvidenceItem, 0, 1000)
	for i := range 1000 {
		item := evidence.Item{ID: uuid.New(), CaseID: caseID, Title: fmt.Sprintf("Server log %d", i+1), Kind: "log",
			Source: fmt.Sprintf("host-%d.example.org", i), CollectedAt: at(float64(i) / 50), CollectedByID: authors[i%4],
			File: &evidence.File{Name: fmt.Sprintf("host-%d.log", i), Size: int64(1000 * i), SHA256: fmt.Sprintf("%064x", i)}}
		var custody []evidence.CustodyEvent
		for j, a := range []evidence.Action{evidence.Collected, evidence.Transferred, evidence.Analysed} {
			custody = append(custody, evidence.CustodyEvent{Action: a, ActorID: authors[(i+j)%4], FromParty: "Forensics team",
				ToParty: "Police unit 7", Location: "Evidence locker 12", Purpose: "Criminal complaint",
				OccurredAt: at(float64(i)/50 + float64(j)), TimeZone: "Europe/Warsaw"})
		}
		s.Evidence = append(s.Evidence, export.EvidenceItem{Item: item, Custody: custody})
	}
	s.Audit = nil
	prev := audit.GenesisHash
	for i := range 2000 + 4*1000 {
		e := audit.Event{Seq: int64(i + 1), OccurredAt: at(float64(i) / 100), ActorID: authors[i%4].String(),
			Action: []string{"note.create", "evidence.create", "custody.create"}[i%3], EntityType: "note",
			EntityID: uuid.NewString(), CaseID: caseID.String(), Changes: json.RawMessage(`{}`), PrevHash: prev}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		s.Audit = append(s.Audit, e)
	}
	return s
}

// BenchmarkPDFOfALargeCase measures rendering alone (the snapshot is read
// before): issue 18 asks for the whole export under 2 s on PostgreSQL with
// under 64 MiB of memory growth.
func BenchmarkPDFOfALargeCase(b *testing.B) {
	s := largeSnapshot()
	b.ReportAllocs()
	var size int
	for b.Loop() {
		pdf, err := export.PDF(s)
		if err != nil {
			b.Fatal(err)
		}
		size = len(pdf)
	}
	b.ReportMetric(float64(size)/(1<<20), "MiB/pdf")
}

// TestPDFOfALargeCase renders the bench scenario's case once and reads the
// PDF back: every note, item and page is there, and the pages are compressed.
// Time and memory are the bench's to measure (go run ./bench -case-export,
// BenchmarkPDFOfALargeCase), not a test's.
func TestPDFOfALargeCase(t *testing.T) {
	if testing.Short() {
		t.Skip("renders about a thousand pages")
	}
	path := render(t, largeSnapshot())
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	text := pdftotext(t, path, 1, 0)
	pages := strings.Count(text, "\f")
	if info.Size() > 3<<20 {
		t.Errorf("the PDF takes %.1f MiB: are its pages compressed?", float64(info.Size())/(1<<20))
	}
	all := squeezed(text)
	for _, want := range []string{"Note 2000. Containment", "Server log 1000", fmt.Sprintf("%064x", 999),
		fmt.Sprintf("Page %d of %d", pages, pages), "Chain of custody (3 events)"} {
		if !strings.Contains(all, squeezed(want)) {
			t.Errorf("the large PDF lacks %q", want)
		}
	}
}
