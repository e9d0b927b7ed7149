package export_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"maps"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/export/exporttest"
	"github.com/caseward/caseward/internal/observables"
)

// The observables of the sample case: a URL of 2 000 characters with a
// distinct end, a hash, a value a spreadsheet would run, and tags in Polish
// and Arabic.
const (
	obsPolishTag = "złośliwe oprogramowanie"
	obsArabicTag = "تصيد احتيالي"
	obsURLEnd    = "&end=the-last-characters-of-the-address"
)

func longURL() string {
	var b strings.Builder
	b.WriteString("https://evil.example/collect?")
	for i := 0; b.Len() < 2000-len(obsURLEnd); i++ {
		b.WriteString(string(rune('a'+i%26)) + "0")
	}
	return b.String()[:2000-len(obsURLEnd)] + obsURLEnd
}

func observablesSnapshot() export.Snapshot {
	s := sampleSnapshot()
	o := func(kind observables.Type, value string, tlp observables.TLP, ioc bool, tags ...string) observables.Observable {
		return observables.Observable{ID: uuid.New(), CaseID: s.Case.ID, Type: kind, Value: value, TLP: tlp, PAP: observables.PAPAmber,
			IOC: ioc, Tags: tags, CreatedByID: idPolish, CreatedAt: at(3), UpdatedAt: at(4), Version: 1}
	}
	hash := o(observables.SHA256, strings.Repeat("9f86d081884c7d65", 4), observables.TLPAmberStrict, true)
	hash.EvidenceIDs = []uuid.UUID{s.Evidence[0].ID}
	s.Observables = []observables.Observable{
		o(observables.URL, longURL(), observables.TLPGreen, true, obsPolishTag, obsArabicTag),
		hash,
		o(observables.Other, "=cmd|' /C calc'!A0", observables.TLPClear, false, "-formula"),
	}
	s.Withheld = 2
	return s
}

// The PDF has an Observables section: every value whole as text (a URL of
// 2 000 characters wrapped, not cut), its type, TLP label, whether it is an
// indicator, its tags in Polish and Arabic, and how many TLP:RED observables
// the export left out; no value is a link.
func TestPDFPrintsObservablesWholeAsText(t *testing.T) {
	s := observablesSnapshot()
	pdf, err := export.PDF(s)
	if err != nil {
		t.Fatal(err)
	}
	path := render(t, s)
	text := unfooted(pdftotext(t, path, 1, 0))
	for _, want := range []string{"Observables", longURL(), s.Observables[1].Value, "=cmd|' /C calc'!A0", "URL", "SHA-256", "Other",
		"TLP:GREEN", "TLP:AMBER+STRICT", "TLP:CLEAR", obsPolishTag, obsArabicTag, "-formula",
		"2 TLP:RED observables withheld", "2 TLP:RED observables were withheld from it", "3 observables"} {
		if !strings.Contains(squeezed(text), squeezed(want)) {
			t.Errorf("the PDF's text lacks %q", want[:min(len(want), 80)])
		}
	}
	// The Arabic tag reads in its own direction, on a line of its own.
	if !strings.Contains(flat(text), obsArabicTag) {
		t.Errorf("the Arabic tag is not whole in reading order")
	}
	for _, link := range []string{"/URI", "/Link", "/Annots"} {
		if bytes.Contains(pdf, []byte(link)) {
			t.Errorf("the PDF holds %s: a value must never be a link", link)
		}
	}
}

// A report of a case without observables says so, and says nothing of
// TLP:RED; one that holds red values warns its reader.
func TestPDFSaysWhenThereAreNoObservablesOrRedOnes(t *testing.T) {
	s := sampleSnapshot()
	text := squeezed(pdftotext(t, render(t, s), 1, 0))
	if !strings.Contains(text, squeezed("No observable is in this report.")) || strings.Contains(text, "TLP:RED") {
		t.Errorf("the report of a case without observables:\n%s", text)
	}
	s = observablesSnapshot()
	s.Withheld, s.RedIncluded = 0, true
	s.Observables[0].TLP = observables.TLPRed
	text = squeezed(pdftotext(t, render(t, s), 1, 0))
	if !strings.Contains(text, squeezed("This report holds TLP:RED observables, for its named recipients only")) ||
		!strings.Contains(text, "TLP:RED") || strings.Contains(text, "withheld") {
		t.Errorf("the report with TLP:RED values does not warn of them")
	}
}

// The bundle's content lists the observables as the API shows them (without
// sightings) with the count withheld; the zip has observables.csv, its cells
// defused, named in the signed manifest.
func TestJSONAndCSVCarryTheObservablesAndVerify(t *testing.T) {
	s := observablesSnapshot()
	key := export.Key{ID: "export-1", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))}
	key.Public = key.Private.Public().(ed25519.PublicKey)
	m := export.Manifest{Kind: "case", Format: "json", CaseID: s.Case.ID.String(), CaseReference: s.Case.Reference, ExportedAt: s.ExportedAt,
		ExporterID: s.Exporter.ID.String(), ExporterEmail: s.Exporter.Email, CasewardVersion: "test", SchemaVersion: export.SchemaVersion}
	bundle, _, err := export.JSON(key, m, export.NewContent(s))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := export.VerifyJSON(bytes.NewReader(bundle), nil); err != nil {
		t.Fatal(err)
	}
	var b struct {
		Content struct {
			Observables         []map[string]json.RawMessage `json:"observables"`
			ObservablesWithheld int                          `json:"observables_withheld"`
			RedIncluded         *bool                        `json:"observables_red_included"`
		} `json:"content"`
	}
	if err := json.Unmarshal(bundle, &b); err != nil {
		t.Fatal(err)
	}
	c := b.Content
	if len(c.Observables) != 3 || c.ObservablesWithheld != 2 || c.RedIncluded == nil || *c.RedIncluded {
		t.Fatalf("content: %d observables, %d withheld, red included %v", len(c.Observables), c.ObservablesWithheld, c.RedIncluded)
	}
	want := "case_id created_at created_by_id description evidence_ids first_seen_at id ioc last_seen_at pap source tags tlp type updated_at value version"
	if got := strings.Join(slices.Sorted(maps.Keys(c.Observables[1])), " "); got != want {
		t.Errorf("an observable's members: %s\nwant %s", got, want)
	}
	if string(c.Observables[1]["evidence_ids"]) != `["`+s.Evidence[0].ID.String()+`"]` || string(c.Observables[0]["tlp"]) != `"green"` {
		t.Errorf("observable: %s %s", c.Observables[1]["evidence_ids"], c.Observables[0]["tlp"])
	}

	files, err := export.CSV(s)
	if err != nil {
		t.Fatal(err)
	}
	m.Format = "csv"
	z, _, err := export.SignedZip(key, m, files)
	if err != nil {
		t.Fatal(err)
	}
	got, err := export.VerifyZip(bytes.NewReader(z), int64(len(z)), nil)
	if err != nil {
		t.Fatal(err)
	}
	listed := false
	for _, f := range got.Files {
		listed = listed || f.Name == "observables.csv"
	}
	entries := map[string]string{}
	for _, f := range exporttest.Unzip(t, z) {
		entries[f.Name] = string(f.Body)
	}
	obs := entries["observables.csv"]
	if !listed || !strings.HasPrefix(obs, "id,type,value,tlp,pap,ioc,tags,description,source,first_seen_at,last_seen_at,evidence_ids,"+
		"evidence_titles,created_by_id,created_by_name,created_at,updated_at,version\r\n") {
		t.Fatalf("observables.csv not signed or without its header:\n%s", obs)
	}
	for _, want := range []string{longURL(), `,other,'=cmd|' /C calc'!A0,clear,`, ",'-formula,", obsPolishTag + "; " + obsArabicTag,
		"Firewall log of the night", polish} {
		if !strings.Contains(obs, want) {
			t.Errorf("observables.csv lacks %q:\n%s", want[:min(len(want), 60)], obs)
		}
	}
	if !strings.Contains(entries["case.csv"], "observables_withheld,2\r\n") || !strings.Contains(entries["case.csv"], "observables_red_included,false\r\n") {
		t.Errorf("case.csv does not say what was withheld:\n%s", entries["case.csv"])
	}
	// The openssl recipe of docs/exports.md checks both.
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is missing")
	}
	for name, body := range map[string][]byte{"case.json": bundle, "case.zip": z} {
		if out, ok := runRecipe(t, map[string][]byte{name: body}, name); !ok || !strings.Contains(out, "OK: "+name+" is as signed") {
			t.Errorf("the openssl recipe on %s:\n%s", name, out)
		}
	}
}

// Files made before the observables, by the code of that time (commit
// a60c7c5, over sampleSnapshot and the fixed key), still verify: a bundle
// without the observables' members, a zip without observables.csv.
func TestExportsMadeBeforeObservablesStillVerify(t *testing.T) {
	bundle, err := os.ReadFile("testdata/case-before-observables.json")
	if err != nil {
		t.Fatal(err)
	}
	z, err := os.ReadFile("testdata/case-before-observables.zip")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bundle, []byte(`"observables`)) || bytes.Contains(z, []byte("observables.csv")) {
		t.Fatal("the old files hold observables")
	}
	if m, err := export.VerifyJSON(bytes.NewReader(bundle), nil); err != nil || m.CaseReference != "INC-2026-0042" {
		t.Fatalf("the old bundle: %+v %v", m, err)
	}
	if m, err := export.VerifyZip(bytes.NewReader(z), int64(len(z)), nil); err != nil || len(m.Files) != 15 {
		t.Fatalf("the old zip: %+v %v", m, err)
	}
	if _, err := exec.LookPath("openssl"); err != nil {
		t.Skip("openssl is missing")
	}
	for name, body := range map[string][]byte{"old.json": bundle, "old.zip": z} {
		if out, ok := runRecipe(t, map[string][]byte{name: body}, name); !ok || !strings.Contains(out, "OK: "+name+" is as signed") {
			t.Errorf("the openssl recipe on %s:\n%s", name, out)
		}
	}
}
