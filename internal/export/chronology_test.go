package export_test

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/chronology"
	"github.com/caseward/caseward/internal/export"
)

// The chronology of the sample case: a backdated entry in Polish pointing to
// the evidence, one in Arabic and Hebrew, a corrected one, a retracted one
// and one of some 10 000 characters with a distinct last sentence.
const (
	chronPolish    = "Pierwsze logowanie z nieznanego adresu — zażółć gęślą jaźń"
	chronArabic    = "تم عزل الخادم"
	chronHebrew    = "השרת בודד"
	chronRTL       = chronArabic + " · " + chronHebrew
	chronLastWords = "The chronology's longest entry ends with this sentence, whole."
	chronRetracted = "Misread the firewall clock"
)

func longEntry() string {
	var b strings.Builder
	for i := 1; b.Len() < 10000-len(chronLastWords)-80; i++ {
		fmt.Fprintf(&b, "Step %d: the team followed the intruder's path through the payroll network and wrote it down. ", i)
	}
	b.WriteString(chronLastWords)
	return b.String()
}

func chronologySnapshot() export.Snapshot {
	s := sampleSnapshot()
	ev := s.Evidence[0].ID
	entry := func(h float64, recordedH float64, kind chronology.Kind, by uuid.UUID, body string) chronology.Entry {
		return chronology.Entry{ID: uuid.New(), CaseID: s.Case.ID, Kind: kind, OccurredAt: at(h), RecordedAt: at(recordedH), AuthorID: by,
			Body: body, EvidenceIDs: []uuid.UUID{}, Version: 1}
	}
	backdated := entry(-72, 3, chronology.Detection, idPolish, chronPolish)
	backdated.EvidenceIDs = []uuid.UUID{ev}
	corrected := entry(2, 2.5, chronology.Containment, idArabic, chronRTL)
	corrected.CorrectedAt, corrected.CorrectedByID, corrected.Version = ptr(at(6)), ptr(idGreek), 2
	retracted := entry(4, 4.2, chronology.Decision, idGreek, chronRetracted)
	retracted.RetractedAt, retracted.RetractedByID, retracted.RetractionReason, retracted.Version = ptr(at(7)), ptr(idHebrew), "Recorded on the wrong case", 2
	long := entry(5, 5.1, chronology.Eradication, idPolish, longEntry())
	s.Chronology = []chronology.Entry{backdated, corrected, retracted, long}
	return s
}

// The PDF has the chronology as its own section: every entry whole, in any
// script, how much later a backdated one was recorded, the evidence it points
// to, and a retracted one kept with its reason.
func TestPDFPrintsTheChronology(t *testing.T) {
	text := pdftotext(t, render(t, chronologySnapshot()), 1, 0)
	all := squeezed(unfooted(text))
	for _, want := range []string{"Chronology", "Case history", "4 chronology entries", "chronology author (2)",
		chronPolish, chronArabic, chronHebrew, chronLastWords, "Detection", "Containment", "Eradication",
		"Recorded 3 d 3 h later", "Evidence: Firewall log of the night",
		"RETRACTED", chronRetracted, "Retracted because: Recorded on the wrong case", "Corrected 1 Dec 2026, 14:15 UTC by " + greek,
	} {
		if !strings.Contains(all, squeezed(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	// In the story's order, before the case history.
	order := []string{squeezed(chronPolish), squeezed(chronArabic), squeezed(chronRetracted), squeezed(chronLastWords), "Casehistory"}
	last := -1
	for _, w := range order {
		i := strings.Index(all, w)
		if i <= last {
			t.Errorf("%q missing or out of order", w)
		}
		last = i
	}
}

// The JSON bundle and the CSV zip carry the chronology, and both still
// verify against their signatures.
func TestJSONAndCSVCarryTheChronologyAndVerify(t *testing.T) {
	s := chronologySnapshot()
	key := export.Key{ID: "export-1", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{9}, ed25519.SeedSize))}
	key.Public = key.Private.Public().(ed25519.PublicKey)
	keyFor := func(string) (ed25519.PublicKey, error) { return key.Public, nil }
	m := export.Manifest{Kind: "case", Format: "json", CaseID: s.Case.ID.String(), CaseReference: s.Case.Reference, ExportedAt: s.ExportedAt,
		ExporterID: s.Exporter.ID.String(), ExporterEmail: s.Exporter.Email, ExporterName: s.Exporter.Name, CasewardVersion: "1.2.3",
		SchemaVersion: export.SchemaVersion}
	bundle, _, err := export.JSON(key, m, export.NewContent(s))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.VerifyJSON(bytes.NewReader(bundle), keyFor); err != nil {
		t.Fatalf("the bundle does not verify: %v", err)
	}
	var doc struct {
		Content struct {
			Chronology []struct {
				Kind             string   `json:"kind"`
				OccurredAt       string   `json:"occurred_at"`
				RecordedAt       string   `json:"recorded_at"`
				Backdated        bool     `json:"backdated"`
				Body             string   `json:"body"`
				EvidenceIDs      []string `json:"evidence_ids"`
				RetractionReason *string  `json:"retraction_reason"`
				CorrectedByID    *string  `json:"corrected_by_id"`
			} `json:"chronology"`
		} `json:"content"`
	}
	if err := json.Unmarshal(bundle, &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Content.Chronology
	if len(c) != 4 || c[0].Body != chronPolish || !c[0].Backdated || c[0].OccurredAt != at(-72).Format(time.RFC3339) ||
		len(c[0].EvidenceIDs) != 1 || c[1].CorrectedByID == nil || c[2].RetractionReason == nil || c[3].Body != longEntry() ||
		c[1].RetractionReason != nil || c[1].Backdated {
		t.Errorf("the bundle's chronology: %+v", c)
	}

	m.Format = "csv"
	files, err := export.CSV(s)
	if err != nil {
		t.Fatal(err)
	}
	body, _, err := export.SignedZip(key, m, files)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.VerifyZip(bytes.NewReader(body), int64(len(body)), keyFor); err != nil {
		t.Fatalf("the zip does not verify: %v", err)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	csv := ""
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Name == "chronology.csv" {
			rc, _ := f.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			csv = string(b)
		}
	}
	if !strings.Contains(strings.Join(names, ","), "notes.csv,chronology.csv,links.csv,review.csv,follow_ups.csv,timeline.csv") {
		t.Errorf("zip entries %v", names)
	}
	for _, want := range []string{"id,occurred_at,recorded_at,backdated,kind,author_id,author_name,body,evidence_ids,evidence_titles,",
		chronPolish, ",true,detection,", "Firewall log of the night", "Recorded on the wrong case", chronLastWords, greek} {
		if !strings.Contains(csv, want) {
			t.Errorf("chronology.csv lacks %q:\n%.600s", want, csv)
		}
	}
}
