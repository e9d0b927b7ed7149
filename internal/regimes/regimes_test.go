package regimes

import (
	"slices"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/cases"
)

func ptr[T any](v T) *T { return &v }

// nis2 is the seeded NIS2 Art. 23 regime's phases.
func nis2() []PhaseDef {
	return []PhaseDef{
		{Position: 1, Name: "Early warning", Audience: "csirt", Rule: Rule{Kind: FromAwareness, Hours: ptr(24)}},
		{Position: 2, Name: "Incident notification", Audience: "csirt", Rule: Rule{Kind: FromAwareness, Hours: ptr(72)}},
		{Position: 3, Name: "Final report", Audience: "csirt", Rule: Rule{Kind: AfterPhase, Months: ptr(1), AfterPosition: ptr(2)}},
	}
}

func obligation(defs []PhaseDef) Obligation {
	o := Obligation{RegimeName: "NIS2 Art. 23"}
	for _, d := range defs {
		o.Phases = append(o.Phases, Phase{Def: d})
	}
	return o
}

func TestPhaseDueTimesFromAwarenessAndAfterAnotherPhase(t *testing.T) {
	aware := time.Date(2026, 1, 30, 9, 0, 0, 0, time.UTC)
	c := cases.Case{AwareAt: aware}
	o := obligation(nis2())
	o.Derive(c, aware.Add(time.Hour))
	if got := *o.Phases[0].DueAt; !got.Equal(aware.Add(24 * time.Hour)) {
		t.Fatalf("early warning due %v", got)
	}
	if got := *o.Phases[1].DueAt; !got.Equal(aware.Add(72 * time.Hour)) {
		t.Fatalf("notification due %v", got)
	}
	if o.Phases[2].DueAt != nil || o.Phases[2].Status != Waiting {
		t.Fatalf("final report before the notification: %v %s", o.Phases[2].DueAt, o.Phases[2].Status)
	}
	// Notified on 31 January: the final report is due one calendar month later
	// (Go's AddDate: 31 January + 1 month is 3 March in 2026).
	notified := time.Date(2026, 1, 31, 12, 0, 0, 0, time.UTC)
	o.Phases[1].SubmittedAt = &notified
	o.Derive(c, notified)
	if got, want := *o.Phases[2].DueAt, time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("final report due %v, want %v", got, want)
	}
	if o.Phases[1].Status != Submitted || o.Phases[2].Status != Due || o.Phases[0].Status != Overdue {
		t.Fatalf("statuses %s %s %s", o.Phases[0].Status, o.Phases[1].Status, o.Phases[2].Status)
	}
	// A month from 15 April is 15 May.
	mid := time.Date(2026, 4, 15, 8, 0, 0, 0, time.UTC)
	o.Phases[1].SubmittedAt = &mid
	o.Derive(c, mid)
	if got := *o.Phases[2].DueAt; !got.Equal(time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("final report due %v", got)
	}
}

func TestPhaseWithoutFixedDeadlineHasNoClock(t *testing.T) {
	c := cases.Case{AwareAt: time.Now()}
	o := obligation([]PhaseDef{{Position: 1, Name: "Communicate to the data subjects", Audience: "data_subjects", Rule: Rule{Kind: NoDeadline}}})
	o.Derive(c, time.Now().Add(1000*time.Hour))
	if o.Phases[0].DueAt != nil || o.Phases[0].Status != Open || o.Phases[0].Running() {
		t.Fatalf("no deadline: %+v", o.Phases[0])
	}
	if Nearest(c, []Obligation{o}) != nil {
		t.Fatal("a phase without a deadline is a clock")
	}
	o.Phases[0].DecisionRationale = "Encrypted data: no high risk."
	o.Derive(c, time.Now())
	if o.Phases[0].Status != NotRequired {
		t.Fatalf("status %s", o.Phases[0].Status)
	}
}

func TestNearestClockAcrossGDPRAndOtherObligations(t *testing.T) {
	aware := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	c := cases.Case{AwareAt: aware, PersonalDataInvolved: true}
	// GDPR alone: 72 h.
	if n := Nearest(c, nil); n == nil || !n.DueAt.Equal(aware.Add(72*time.Hour)) || n.Label != GDPRLabel {
		t.Fatalf("GDPR alone: %+v", n)
	}
	// With NIS2, its early warning (24 h) is nearer.
	o := obligation(nis2())
	n := Nearest(c, []Obligation{o})
	if n == nil || !n.DueAt.Equal(aware.Add(24*time.Hour)) || n.Label != "NIS2 Art. 23 · Early warning" {
		t.Fatalf("with NIS2: %+v", n)
	}
	// Early warning submitted: the 72 h ones tie; the GDPR clock goes first.
	o.Phases[0].SubmittedAt = ptr(aware.Add(2 * time.Hour))
	if n := Nearest(c, []Obligation{o}); n.Label != GDPRLabel {
		t.Fatalf("tie: %+v", n)
	}
	// GDPR notified and NIS2 notification submitted: the final report's month runs.
	notified := aware.Add(48 * time.Hour)
	c.RegulatorNotifiedAt = &notified
	o.Phases[1].SubmittedAt = &notified
	if n := Nearest(c, []Obligation{o}); n == nil || !n.DueAt.Equal(notified.AddDate(0, 1, 0)) || n.Label != "NIS2 Art. 23 · Final report" {
		t.Fatalf("final report: %+v", n)
	}
	// Everything submitted: no clock. An overdue phase still counts (it runs).
	o.Phases[2].SubmittedAt = ptr(notified.Add(time.Hour))
	if n := Nearest(c, []Obligation{o}); n != nil {
		t.Fatalf("all done: %+v", n)
	}
	if o.Phases[0].Status != "" {
		t.Fatal("Nearest changed the caller's phases")
	}
}

func TestRegimeValidationNamesEveryFaultyField(t *testing.T) {
	g := Regime{Name: " ", Phases: []PhaseDef{
		{Name: "", Audience: "press", Rule: Rule{Kind: FromAwareness}},
		{Name: "Two", Audience: "csirt", Rule: Rule{Kind: AfterPhase, Hours: ptr(1), AfterPosition: ptr(2)}},
		{Name: "Three", Audience: "csirt", Rule: Rule{Kind: NoDeadline, Hours: ptr(3)}},
		{Name: "Four", Audience: "csirt", Rule: Rule{Kind: "weekly"}},
		{Name: "Five", Audience: "csirt", Rule: Rule{Kind: FromAwareness, Months: ptr(13)}},
		{Name: "Six", Audience: "csirt", Rule: Rule{Kind: FromAwareness, Hours: ptr(24), Months: ptr(1)}},
	}}
	var fields []string
	for _, f := range g.Validate() {
		fields = append(fields, f.Field)
	}
	want := []string{"name", "phases[0].name", "phases[0].audience", "phases[0].rule", "phases[1].rule.after_phase",
		"phases[2].rule", "phases[3].rule.kind", "phases[4].rule.offset_months", "phases[5].rule"}
	if !slices.Equal(fields, want) {
		t.Fatalf("fields %v\nwant   %v", fields, want)
	}
	ok := Regime{Name: "NIS2 Art. 23", Phases: nis2()}
	if f := ok.Validate(); len(f) != 0 {
		t.Fatalf("NIS2 refused: %+v", f)
	}
}

func TestPhaseRecordValidation(t *testing.T) {
	now := time.Date(2026, 6, 10, 10, 0, 0, 0, time.UTC)
	aware := now.Add(-100 * time.Hour)
	c := cases.Case{AwareAt: aware}
	check := func(o Obligation, pi int) []string {
		o.Derive(c, now)
		var fields []string
		for _, f := range validatePhase(c, o, pi, now) {
			fields = append(fields, f.Field)
		}
		return fields
	}
	o := obligation(nis2())
	// Final report before the notification, with a rationale, no reference.
	o.Phases[2].SubmittedAt, o.Phases[2].DecisionRationale = ptr(now), "none"
	if got := check(o, 2); !slices.Equal(got, []string{"submitted_at", "reference", "decision_rationale"}) {
		t.Fatalf("final report first: %v", got)
	}
	// Early warning late (due at +24 h, sent at +30 h) without a reason.
	o = obligation(nis2())
	o.Phases[0].SubmittedAt, o.Phases[0].Reference = ptr(aware.Add(30*time.Hour)), "CSIRT-1"
	if got := check(o, 0); !slices.Equal(got, []string{"delay_reason"}) {
		t.Fatalf("late: %v", got)
	}
	o.Phases[0].DelayReason = "The CSIRT portal was down."
	if got := check(o, 0); len(got) != 0 {
		t.Fatalf("late with a reason: %v", got)
	}
	// In the future, or before awareness.
	o.Phases[0].SubmittedAt = ptr(now.Add(time.Hour))
	if got := check(o, 0); !slices.Equal(got, []string{"submitted_at"}) {
		t.Fatalf("future: %v", got)
	}
	o.Phases[0].SubmittedAt = ptr(aware.Add(-time.Hour))
	if got := check(o, 0); !slices.Equal(got, []string{"submitted_at"}) {
		t.Fatalf("before awareness: %v", got)
	}
	// Clearing the notification while the final report stands.
	o = obligation(nis2())
	o.Phases[2].SubmittedAt, o.Phases[2].Reference = ptr(now), "R"
	if got := check(o, 1); !slices.Equal(got, []string{"submitted_at"}) {
		t.Fatalf("clear under a later phase: %v", got)
	}
}
