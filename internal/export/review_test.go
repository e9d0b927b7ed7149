package export_test

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/figures"
)

const (
	reviewWhat    = "A stolen payroll password opened the portal to the intruder."
	reviewWell    = "The payroll team spotted the odd transfers within the hour."
	reviewImprove = "Multi-factor sign-in for every payroll account."
	followTitle   = "Roll out multi-factor sign-in to payroll"
)

// reviewSnapshot is the sample case with a completed review, one follow-up
// assigned to Anna, and its phase durations.
func reviewSnapshot() export.Snapshot {
	s := sampleSnapshot()
	contained, closed := 26*time.Hour+30*time.Minute, 5*24*time.Hour
	s.Phases = figures.Phases{ToAwareness: 90 * time.Minute, ToContainment: &contained, ToClosure: &closed,
		Downtime: []figures.ServiceDowntime{{ServiceID: uuid.New(), ServiceName: "Payroll", Downtime: 76 * time.Hour}}}
	s.Review = &cases.Review{CaseID: s.Case.ID, Written: true, WhatHappened: reviewWhat, WentWell: reviewWell, ToImprove: reviewImprove,
		FollowUps: []cases.Task{{ID: uuid.New(), CaseID: s.Case.ID, Title: followTitle, Group: cases.FollowUpGroup, AssigneeID: ptr(idAnna),
			DueAt: ptr(at(24 * 30)), Status: cases.TaskInProgress}},
		CompletedAt: ptr(at(130)), CompletedByID: ptr(idGreek), UpdatedByID: idGreek, UpdatedAt: at(130), Version: 3}
	return s
}

// The PDF has the review as its own section with the phase durations: time
// to awareness, containment and closure, each service's downtime, the three
// texts, who completed it and when, and each follow-up with its assignee.
func TestPDFPrintsTheReviewWithThePhaseDurations(t *testing.T) {
	all := squeezed(unfooted(pdftotext(t, render(t, reviewSnapshot()), 1, 0)))
	for _, want := range []string{"Post-incident review", "Phase durations", "Time to awareness", "1 h 30 min", "Time to containment",
		"1 d 2 h", "Time to closure", "5 d", "Payroll", "3 d 4 h", "What happened", reviewWhat, "What went well", reviewWell,
		"What to improve", reviewImprove, "Review complete: marked complete", "by " + greek, "Follow-up actions", followTitle, anna, "In progress"} {
		if !strings.Contains(all, squeezed(want)) {
			t.Errorf("the PDF's text lacks %q", want)
		}
	}
	s := sampleSnapshot()
	all = squeezed(unfooted(pdftotext(t, render(t, s), 1, 0)))
	for _, want := range []string{"Post-incident review", "Not yet contained", "No post-incident review was written for this case."} {
		if !strings.Contains(all, squeezed(want)) {
			t.Errorf("without a review, the PDF's text lacks %q", want)
		}
	}
}

// The JSON bundle and the CSV zip carry the review and its follow-ups, and
// both still verify against their signatures.
func TestJSONAndCSVCarryTheReviewAndVerify(t *testing.T) {
	s := reviewSnapshot()
	key := export.Key{ID: "export-1", Private: ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))}
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
			Review *struct {
				WhatHappened  string  `json:"what_happened"`
				CompletedByID *string `json:"completed_by_id"`
				FollowUps     []struct {
					Title      string  `json:"title"`
					AssigneeID *string `json:"assignee_id"`
					Status     string  `json:"status"`
				} `json:"follow_ups"`
			} `json:"review"`
		} `json:"content"`
	}
	if err := json.Unmarshal(bundle, &doc); err != nil {
		t.Fatal(err)
	}
	r := doc.Content.Review
	if r == nil || r.WhatHappened != reviewWhat || r.CompletedByID == nil || *r.CompletedByID != idGreek.String() || len(r.FollowUps) != 1 ||
		r.FollowUps[0].Title != followTitle || r.FollowUps[0].AssigneeID == nil || r.FollowUps[0].Status != "in_progress" {
		t.Errorf("the bundle's review: %+v", r)
	}
	if c := export.NewContent(sampleSnapshot()); c.Review != nil {
		t.Errorf("a case without a review has one in its bundle: %+v", c.Review)
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
	got := map[string]string{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		got[f.Name] = string(b)
	}
	for name, wants := range map[string][]string{
		"review.csv":     {"what_happened,went_well,to_improve,completed_at,completed_by_name,", reviewWhat, reviewImprove, greek},
		"follow_ups.csv": {"task_id,title,description,assignee_id,assignee_name,due_at,status", followTitle, anna, "in_progress"},
	} {
		for _, want := range wants {
			if !strings.Contains(got[name], want) {
				t.Errorf("%s lacks %q:\n%s", name, want, got[name])
			}
		}
	}
}
