package export_test

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/restoration"
)

// The people of the sample case, named in four scripts.
const (
	polish = "Łukasz Żółkiewski"
	greek  = "Γιώργος Παπαδόπουλος"
	arabic = "محمد العلي"
	hebrew = "דוד כהן"
	anna   = "Anna Auditor"
)

var (
	t0          = time.Date(2026, 12, 1, 8, 15, 0, 0, time.UTC)
	idPolish    = uuid.MustParse("11111111-1111-4111-8111-111111111111")
	idGreek     = uuid.MustParse("22222222-2222-4222-8222-222222222222")
	idArabic    = uuid.MustParse("33333333-3333-4333-8333-333333333333")
	idHebrew    = uuid.MustParse("44444444-4444-4444-8444-444444444444")
	idAnna      = uuid.MustParse("55555555-5555-4555-8555-555555555555")
	fingerprint = fmt.Sprintf("%x", sha256.Sum256([]byte("a public key")))
	lastWords   = "And this is the very last sentence of the long decision, which must not be lost."
	// A custody note of some 4 400 characters, written across the table.
	custodyLastWords = "The custody note ends here, whole."
)

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }
func ptr[T any](v T) *T      { return &v }

// longNote is a 5 000-character decision with a distinct sentence at its end.
func longNote() string {
	var b strings.Builder
	for i := 1; b.Len() < 5000-len(lastWords)-60; i++ {
		fmt.Fprintf(&b, "Point %d of the decision weighs the risk to the data subjects against the cost of a notification. ", i)
	}
	b.WriteString(lastWords)
	return b.String()
}

func sampleSnapshot() export.Snapshot {
	caseID, svcID, depID := uuid.New(), uuid.New(), uuid.New()
	susp := restoration.Suspension{ID: uuid.New(), CaseID: caseID, ServiceID: svcID, Reason: "ministerial decision to stop payments",
		DecidedBy: "Minister of Finance", RecordedByID: idPolish, SuspendedAt: at(2),
		BaselineRestorationAt: ptr(at(48)), ExpectedRestorationAt: ptr(at(96)), RestoredAt: ptr(at(2 + 76)),
		Status: restoration.Restored, Impact: "No salaries can be paid", Workaround: "Manual transfers"}
	m1 := restoration.Milestone{ID: uuid.New(), SuspensionID: susp.ID, Title: "Penetration test passed", OwnerID: &idGreek,
		BaselineDueAt: ptr(at(24)), DueAt: ptr(at(60)), CompletedAt: ptr(at(58)), Status: restoration.Done, Position: 1}
	m2 := restoration.Milestone{ID: uuid.New(), SuspensionID: susp.ID, Title: "Rotate every credential", OwnerID: &idArabic,
		BaselineDueAt: ptr(at(40)), DueAt: ptr(at(70)), Status: restoration.InProgress, Position: 2}
	item := evidence.Item{ID: uuid.New(), CaseID: caseID, Title: "Firewall log of the night", Kind: "disk_image",
		Source: "fw-01 🔥", CollectedAt: at(1), CollectedByID: idHebrew, Description: "Exported by the vendor tool",
		File: &evidence.File{Name: "fw-01.log.gz", Size: 1234567, SHA256: strings.Repeat("0123456789abcdef", 4)}}
	custody := []evidence.CustodyEvent{
		{Action: evidence.Collected, ActorID: idHebrew, ToParty: "Forensics team", Location: "Server room B", Purpose: "Collection", OccurredAt: at(1), TimeZone: "Europe/Warsaw"},
		{Action: evidence.Transferred, ActorID: idHebrew, FromParty: "Forensics team", ToParty: "Police unit 7", Location: "Evidence locker 12", Purpose: "Criminal complaint", OccurredAt: at(5), TimeZone: "+02:00"},
		{Action: evidence.Analysed, ActorID: idGreek, FromParty: "Police unit 7", Location: "Lab Athens", Purpose: "Timeline reconstruction", OccurredAt: at(30), TimeZone: "UTC"},
		{Action: evidence.Returned, ActorID: idGreek, FromParty: "Police unit 7", ToParty: "Forensics team", Location: "Vault North", Purpose: "Kept for the regulator", OccurredAt: at(50),
			Note: strings.Repeat("The seal was checked by both parties and found intact. ", 80) + custodyLastWords},
	}
	var events []audit.Event
	prev := audit.GenesisHash
	for i, a := range []string{"case.create", "note.create", "suspension.create", "milestone.create", "evidence.create", "custody.create", "case.update", "case.export"} {
		actor := []uuid.UUID{idPolish, idArabic, idPolish, idGreek, idHebrew, idHebrew, idPolish, idAnna}[i]
		e := audit.Event{Seq: int64(100 + 7*i), OccurredAt: at(float64(i)), ActorID: actor.String(), ActorEmail: "x@example.org",
			Action: a, EntityType: strings.Split(a, ".")[0], EntityID: uuid.NewString(), CaseID: caseID.String(),
			Changes: json.RawMessage(`{}`), PrevHash: prev}
		e.Hash = e.ComputeHash()
		prev = e.Hash
		events = append(events, e)
	}
	return export.Snapshot{
		ExportedAt: at(100), Exporter: export.Exporter{ID: idAnna, Email: "anna@example.org", Name: anna},
		CasewardVersion: "1.2.3", KeyID: "export-1", KeyFingerprint: fingerprint,
		Case: cases.Case{ID: caseID, Reference: "INC-2026-0042", Title: "Payroll portal breach: " + arabic + " reported it",
			Summary: "Someone used a stolen password to read payslips 😮", Category: "unauthorised_access", Severity: "critical",
			Status: cases.Investigating, BreachStatus: cases.BreachRuledOut, OwnerID: idPolish, DepartmentID: &depID,
			DetectedAt: at(0), AwareAt: at(0.5), PersonalDataInvolved: true, DataSubjectsEstimate: ptr(int64(12500)),
			RegulatorNotifiedAt: ptr(at(80)), RegulatorReference: "ICO-99-123", RegulatorDelayReason: "The processor told us late",
			MemberIDs: []uuid.UUID{idGreek, idArabic}, CreatedAt: at(0.6), UpdatedAt: at(90)},
		Department: &directory.Department{ID: depID, Name: "Finance"},
		People:     map[uuid.UUID]string{idPolish: polish, idGreek: greek, idArabic: arabic, idHebrew: hebrew, idAnna: anna},
		Services:   map[uuid.UUID]directory.Service{svcID: {ID: svcID, Name: "Payroll", DepartmentID: depID}},
		Suspensions: []export.SuspensionRecord{{Suspension: susp, Milestones: []restoration.Milestone{m1, m2},
			Replans: []restoration.Replan{
				{SuspensionID: susp.ID, Kind: restoration.SuspensionReplan, From: ptr(at(48)), To: ptr(at(96)), Reason: "The vendor needs two more days", ByID: idPolish, At: at(20)},
				{SuspensionID: susp.ID, MilestoneID: &m1.ID, Kind: restoration.MilestoneReplan, From: ptr(at(24)), To: ptr(at(60)), Reason: "Tester ill", ByID: idGreek, At: at(22)},
			},
			Updates: []restoration.Update{{SuspensionID: susp.ID, Audience: restoration.Public, Body: "Payroll is down while we investigate.", AuthorID: idPolish, At: at(3)}},
		}},
		Evidence: []export.EvidenceItem{{Item: item, Custody: custody}},
		Notes: []cases.Note{
			{ID: uuid.New(), CaseID: caseID, Kind: cases.NoteUpdate, Body: "First look: " + arabic + " saw the alert.", AuthorID: idArabic, CreatedAt: at(1)},
			{ID: uuid.New(), CaseID: caseID, Kind: cases.NoteDecision, Body: longNote(), AuthorID: idPolish, CreatedAt: at(10)},
			{ID: uuid.New(), CaseID: caseID, Kind: cases.NoteStatement, Body: "שלום, this is " + hebrew + ".", AuthorID: idHebrew, CreatedAt: at(12)},
		},
		Audit: events,
	}
}

// render writes the PDF of s to a temporary folder and returns its path.
func render(t testing.TB, s export.Snapshot) string {
	t.Helper()
	pdf, err := export.PDF(s)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("CASEWARD_KEEP_PDF"); dir != "" { // to look at it
		_ = os.WriteFile(filepath.Join(dir, t.Name()+".pdf"), pdf, 0o600)
	}
	return path
}

// pdftotext returns the text of pages first to last (0: to the end), its
// pages separated by form feeds; flags such as -layout go first.
func pdftotext(t testing.TB, path string, first, last int, flags ...string) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext is not installed (apt-get install poppler-utils): cannot read the PDF back")
	}
	args := append(flags, "-enc", "UTF-8", "-f", strconv.Itoa(first))
	if last > 0 {
		args = append(args, "-l", strconv.Itoa(last))
	}
	cmd := exec.Command("pdftotext", append(args, path, "-")...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil || stderr.Len() > 0 { // poppler repairs a broken file silently, but complains
		t.Fatalf("pdftotext: %v %s", err, stderr.String())
	}
	return string(out)
}

var (
	spaces = regexp.MustCompile(`\s+`)
	// pdftotext brackets right-to-left text it reordered with embedding marks.
	marks = strings.NewReplacer("\u202a", "", "\u202b", "", "\u202c", "", "\u202d", "", "\u202e", "")
)

// footer is the line each page ends with, which a text that runs across
// pages has in its middle.
var footer = regexp.MustCompile(`INC-2026-0042 · exported [^\n]*\n\s*Page \d+ of \d+\s*\f?`)

// unfooted is text without its pages' footers.
func unfooted(text string) string { return footer.ReplaceAllString(text, "") }

// flat joins wrapped lines: one space for every run of white space.
func flat(s string) string { return spaces.ReplaceAllString(marks.Replace(s), " ") }

// squeezed drops all white space: pdftotext guesses spaces from the gaps
// between glyphs and may join "3 d 4 h" or move a space across a change of
// direction; wrapped lines, whole words and their order still show.
func squeezed(s string) string { return spaces.ReplaceAllString(marks.Replace(s), "") }

func TestPDFPrintsTheWholeCaseForPeople(t *testing.T) {
	s := sampleSnapshot()
	path := render(t, s)
	text := pdftotext(t, path, 1, 0)
	all := flat(text)
	pages := strings.Count(text, "\f")

	// Names come out whole, each as written.
	for _, want := range []string{polish, greek, arabic, hebrew, anna, lastWords, custodyLastWords} {
		if !strings.Contains(all, want) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	for _, want := range []string{"Finance", "Payroll", "Firewall log of the night",
		longNote(), "Payroll portal breach: " + arabic + " reported it", "First look: " + arabic + " saw the alert.",
		// sections
		"Incident case report", "People", "Chronology", "Case history", "Notes", "Decisions and regulator notification",
		"Suspended services", "Evidence", "Chain of custody (4 events)", "Audit-chain anchor", "How to verify this report",
		// human labels
		"Unauthorised access", "Critical", "Investigating", "Breach ruled out", "Regulator notified", "In progress", "Done",
		"Disk image", "Collected", "Transferred", "Analysed", "Returned", "Decision", "Statement", "Restored",
		// one time format with its zone, human durations and sizes
		"1 Dec 2026, 08:15 UTC", "3 d 4 h", "1.2 MB (1 234 567 bytes)", "12 500",
		// roles on the case
		"owner", "member", "note author", "evidence collector", "custody actor", "milestone owner",
		// the regulator
		"The processor told us late", "ICO-99-123",
		// characters the fonts cannot hold print as their code, never panic
		"read payslips [U+1F62E]", "fw-01 [U+1F525]",
		// re-plans with reasons
		"The vendor needs two more days", "Tester ill",
		// the verification page, without paths or tokens
		"caseward export verify FILE.pdf FILE.pdf.sig", "Check a file I received", "openssl", "export-1",
	} {
		if !strings.Contains(squeezed(unfooted(text)), squeezed(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	for _, raw := range []string{"unauthorised_access", "in_progress", "ruled_out", "disk_image", "not_required",
		"docs/", "$TOKEN", "a former user"} {
		if strings.Contains(all, raw) {
			t.Errorf("the PDF's text holds %q", raw)
		}
	}
	if id := regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`).FindString(all); id != "" {
		t.Errorf("the PDF prints an id: %s", id)
	}
	if !strings.Contains(squeezed(text), s.Evidence[0].File.SHA256) {
		t.Error("the PDF lacks the evidence's SHA-256")
	}
	// The chain of custody, whole and in order.
	last := -1
	for _, c := range s.Evidence[0].Custody {
		i := strings.Index(all, c.Location)
		if i <= last {
			t.Errorf("custody event at %q missing or out of order", c.Location)
		}
		last = i
	}
	// Local time of the recorder next to UTC: 09:15 UTC in Warsaw is 10:15;
	// a fixed offset too.
	if !strings.Contains(squeezed(text), squeezed("1 Dec 2026, 09:15 UTC 10:15 Europe/Warsaw")) ||
		!strings.Contains(squeezed(text), squeezed("1 Dec 2026, 13:15 UTC 15:15 +02:00")) {
		t.Error("the custody event lacks the recorder's local time")
	}
	// The footer counts pages on every page.
	for _, p := range []int{1, pages} {
		if want := fmt.Sprintf("Page %d of %d", p, pages); !strings.Contains(all, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	lastPage := pdftotext(t, path, pages, pages)
	for _, want := range []string{"How to verify this report", export.FormatFingerprint(fingerprint)} {
		if !strings.Contains(flat(lastPage), want) {
			t.Errorf("the last page lacks %q:\n%s", want, lastPage)
		}
	}
}

func TestPDFOfAnEmptyCaseSaysSo(t *testing.T) {
	s := sampleSnapshot()
	s.Notes, s.Suspensions, s.Evidence, s.Audit, s.People, s.Chronology = nil, nil, nil, nil, nil, nil
	s.KeyFingerprint = ""
	all := squeezed(pdftotext(t, render(t, s), 1, 0, "-layout")) // a label and its value on one line
	for _, want := range []string{"No note was written on this case.", "No service was suspended.", "No chronology entry was recorded on this case.",
		"No evidence was recorded.", "The audit trail holds no event of this case.",
		"Owner A former user", "3 former users owner, member (2)", anna + " made this export", "Key fingerprint Not recorded"} {
		if !strings.Contains(all, squeezed(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
}

// The PDF's outline lets a reader jump to every section, suspension and
// evidence item.
func TestPDFHasAnOutline(t *testing.T) {
	if _, err := exec.LookPath("pdftohtml"); err != nil {
		t.Skip("pdftohtml is not installed (apt-get install poppler-utils): cannot read the outline")
	}
	out, err := exec.Command("pdftohtml", "-xml", "-stdout", "-i", "-q", render(t, sampleSnapshot())).Output()
	if err != nil {
		t.Fatalf("pdftohtml: %v", err)
	}
	for _, want := range []string{"Summary", "People", "Chronology", "Case history", "Notes", "Decisions and regulator notification",
		"Suspended services", "Payroll: Restored", "Evidence", "1. Firewall log of the night", "Audit-chain anchor",
		"How to verify this report"} {
		if !strings.Contains(string(out), ">"+want+"</item>") {
			t.Errorf("the outline lacks %q", want)
		}
	}
}
