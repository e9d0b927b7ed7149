package seed

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/restoration"
)

// The steps of a seeded restoration plan, in order; a plan takes the first
// three to five.
var steps = []string{"Forensic imaging of the affected servers", "Security review", "Supplier fix deployed",
	"Penetration test", "Check the restored service with its users"}

// Why a promised date moved.
var replanReasons = []string{
	"The supplier needs another week to ship the patched release.",
	"The penetration test found two issues that must be fixed before going live.",
	"Forensic imaging took longer than planned: three more servers were in scope.",
	"The data protection officer asked for a second review of the access logs.",
}

// A plan story is how a suspension still in force at seeding time stands, so
// that the dashboard shows every plan status.
type planStory int

const (
	storyOnTrack planStory = iota
	storyAtRisk
	storySlipping
	storyNoPlan
)

// suspend takes the case's service offline soon after the case became known,
// unless the service is down already then. A suspension whose service came
// back before now gets its whole history (a plan, perhaps a re-plan, its
// restoration); one still in force gets a plan story. It reports whether it
// suspended and, if the service is back, when.
func (h *historian) suspend(ctx context.Context, oc opened) (bool, *time.Time, error) {
	now := h.s.now
	c := oc.c
	svc := h.s.services[oc.service]
	suspended := c.AwareAt.Add(h.within(time.Minute, 12*time.Hour))
	if suspended.Before(c.CreatedAt) {
		suspended = c.CreatedAt.Add(h.within(time.Minute, 2*time.Hour))
	}
	if oc.forceDown {
		suspended = minTime(maxTime(suspended, h.busy[svc.ID].Add(time.Hour)), now.Add(-time.Hour))
	}
	if suspended.After(now) || suspended.Before(h.busy[svc.ID]) {
		return false, nil, nil
	}
	planned := h.within(7*24*time.Hour, 28*24*time.Hour) // the promise: "within three weeks"
	actual := time.Duration(float64(planned) * (0.6 + 1.2*h.rnd.Float64()))
	back := suspended.Add(actual)
	if oc.forceDown && !back.After(now) {
		back = now.Add(planned)
	}
	h.pick(4) // unused, but drawn so that a seed still gives the data it gave before
	var story planStory
	if oc.forceDown || back.After(now) {
		// Still down: the stories take turns, so that every plan status shows
		// however few services are down.
		turn := h.s.stories.Add(1) - 1
		story = []planStory{storyOnTrack, storyAtRisk, storySlipping, storyNoPlan, storyOnTrack, storySlipping}[turn%6]
	} else if h.pick(8) != 0 {
		story = storyOnTrack // finished plans: most had dates; the story only shapes re-plans
	} else {
		story = storyNoPlan
	}
	sp := restoration.Suspension{CaseID: c.ID, ServiceID: svc.ID, Reason: "Precaution while " + c.Title,
		DecidedBy: "Chief Information Security Officer", SuspendedAt: suspended}
	if story != storyNoPlan {
		baseline := suspended.Add(planned)
		sp.ExpectedRestorationAt = &baseline
	}
	sp, err := h.s.d.Restoration.Suspend(clock.At(ctx, suspended), sp)
	if err != nil {
		return false, nil, fmt.Errorf("suspend: %w", err)
	}
	h.sum.Suspensions++
	if err := h.announce(ctx, sp, svc); err != nil {
		return false, nil, err
	}
	if !back.After(now) {
		h.busy[svc.ID] = back
		return true, &back, h.finished(ctx, c, sp, back)
	}
	h.busy[svc.ID] = now.Add(24 * 365 * time.Hour)
	h.s.showOnDashboard(c, svc.DepartmentID)
	return true, nil, h.current(ctx, sp, story)
}

// finished writes the history of a suspension that ended at back: its plan,
// a re-plan when it ran late, and the restoration.
func (h *historian) finished(ctx context.Context, c cases.Case, sp restoration.Suspension, back time.Time) error {
	if sp.ExpectedRestorationAt != nil {
		if err := h.plan(ctx, sp, *sp.ExpectedRestorationAt, back, false); err != nil {
			return err
		}
		if back.After(*sp.ExpectedRestorationAt) {
			at := maxTime(sp.ExpectedRestorationAt.Add(-h.within(time.Hour, 48*time.Hour)), sp.SuspendedAt.Add(3*time.Hour))
			to := back.Add(h.within(0, 48*time.Hour))
			if _, err := h.replan(ctx, sp, at, to); err != nil {
				return err
			}
		}
	}
	if back.After(h.s.now.Add(-restoration.RecentlyRestored)) {
		h.s.showOnDashboard(c, h.s.services[h.serviceIndex(sp.ServiceID)].DepartmentID)
	}
	if err := h.post(ctx, sp, back.Add(-10*time.Minute), "The service is available again. Thank you for your patience.", nil); err != nil {
		return err
	}
	if _, err := h.s.d.Restoration.Restore(clock.At(ctx, back), sp.ID, back, "Service restored after the checks passed", restoration.CompleteOpen); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

// current gives a suspension still in force its plan story: the milestones
// due before now are done, except that an at-risk or slipping plan has one
// overdue; an on-track or at-risk plan whose promise has passed was re-planned
// once, and a slipping plan's promise passed or was moved too little.
func (h *historian) current(ctx context.Context, sp restoration.Suspension, story planStory) error {
	now := h.s.now
	if story == storyNoPlan {
		return nil
	}
	baseline := *sp.ExpectedRestorationAt
	replanAt := sp.SuspendedAt.Add(now.Sub(sp.SuspendedAt) / 2)
	switch story {
	case storyOnTrack:
		end := baseline
		if end.Before(now.Add(3 * 24 * time.Hour)) {
			end = now.Add(h.within(4*24*time.Hour, 15*24*time.Hour))
			var err error
			if sp, err = h.replan(ctx, sp, replanAt, end); err != nil {
				return err
			}
		}
		return h.plan(ctx, sp, end.Add(-24*time.Hour), now, false)
	case storyAtRisk:
		// The steps were due by the promise (or now plus a few days); one is
		// late, and the promise still holds beyond the delay.
		stepsEnd := maxTime(baseline.Add(-10*24*time.Hour), now.Add(h.within(2*24*time.Hour, 6*24*time.Hour)))
		if err := h.plan(ctx, sp, stepsEnd, now, true); err != nil {
			return err
		}
		_, ms, err := h.s.d.Restoration.Get(clock.At(ctx, now), sp.ID)
		if err != nil {
			return err
		}
		projected := restoration.Project(sp, ms, now)
		if projected.After(baseline) {
			_, err = h.replan(ctx, sp, now.Add(-time.Hour), projected.Add(h.within(2*24*time.Hour, 5*24*time.Hour)))
		}
		return err
	default: // slipping
		if baseline.After(now) {
			// The promise was moved once and the work still runs past it.
			moved := baseline.Add(h.within(3*24*time.Hour, 8*24*time.Hour))
			var err error
			if sp, err = h.replan(ctx, sp, replanAt, moved); err != nil {
				return err
			}
			return h.plan(ctx, sp, moved.Add(h.within(5*24*time.Hour, 12*24*time.Hour)), now, false)
		}
		return h.plan(ctx, sp, baseline, now, true)
	}
}

// plan adds three to five steps spread from the suspension to end. Steps due
// before doneBy are done, each recorded when it was finished, except that a
// late plan leaves the last of them in progress, overdue; otherwise the first
// step not done is in progress. Open steps are added an hour after the
// suspension.
func (h *historian) plan(ctx context.Context, sp restoration.Suspension, end, doneBy time.Time, late bool) error {
	doneBy = minTime(doneBy, h.s.now)
	n := 3 + h.pick(3)
	span := end.Sub(sp.SuspendedAt)
	dues := make([]time.Time, n)
	doneCount := 0
	for i := range dues {
		dues[i] = sp.SuspendedAt.Add(span * time.Duration(i+1) / time.Duration(n)).Truncate(time.Hour)
		if dues[i].Before(doneBy) {
			doneCount++
		}
	}
	if late {
		if doneCount == 0 && sp.SuspendedAt.Before(doneBy.Add(-26*time.Hour)) {
			dues[0], doneCount = doneBy.Add(-h.within(time.Hour, 24*time.Hour)), 1 // the first step is already late
		}
		doneCount = max(doneCount-1, 0)
	}
	planned := sp.SuspendedAt.Add(time.Hour)
	for i, due := range dues {
		m := restoration.Milestone{Title: steps[i], DueAt: &due, Status: restoration.Planned}
		at := planned
		switch {
		case i < doneCount:
			m.Status = restoration.Done
			at = maxTime(due.Add(-h.within(time.Minute, 12*time.Hour)), planned)
		case i == doneCount:
			m.Status = restoration.InProgress
		}
		if _, err := h.s.d.Restoration.AddMilestone(clock.At(ctx, minTime(at, h.s.now)), sp.ID, m); err != nil {
			return fmt.Errorf("milestone: %w", err)
		}
		h.sum.Milestones++
	}
	return nil
}

// replan moves the suspension's promised date at `at` to `to`, through an
// update that tells people why (public when the service is on the status
// page), which makes the re-plan with the update as its reason.
func (h *historian) replan(ctx context.Context, sp restoration.Suspension, at, to time.Time) (restoration.Suspension, error) {
	at = minTime(maxTime(at, sp.SuspendedAt.Add(time.Hour)), h.s.now)
	to = to.Truncate(time.Minute)
	reason := replanReasons[h.pick(len(replanReasons))]
	body := fmt.Sprintf("%s We now expect to restore the service by %s.", reason, to.Format("2 January"))
	if err := h.post(ctx, sp, at, body, &to); err != nil {
		return sp, fmt.Errorf("re-plan: %w", err)
	}
	updated, _, err := h.s.d.Restoration.Get(clock.At(ctx, at), sp.ID)
	return updated, err
}

// announce posts the updates of a suspension's first hours: what staff need to
// know, and, for a service on the status page, what its users are told.
func (h *historian) announce(ctx context.Context, sp restoration.Suspension, svc directory.Service) error {
	at := sp.SuspendedAt.Add(h.within(10*time.Minute, 2*time.Hour))
	internal := "Supplier engaged; forensic imaging booked. Staff to use the paper fallback until further notice."
	if _, err := h.s.d.Restoration.PostUpdate(clock.At(ctx, minTime(at, h.s.now)), sp.ID, restoration.UpdateRequest{Body: internal, Audience: restoration.Internal}); err != nil {
		return fmt.Errorf("internal update: %w", err)
	}
	h.sum.Updates++
	return h.post(ctx, sp, at.Add(30*time.Minute), publicNotice(svc, sp), nil)
}

// post posts a public update when the service is on the status page, an
// internal one otherwise, moving the promised date to newDate when given.
func (h *historian) post(ctx context.Context, sp restoration.Suspension, at time.Time, body string, newDate *time.Time) error {
	audience := restoration.Internal
	if h.s.services[h.serviceIndex(sp.ServiceID)].PublicName != "" {
		audience = restoration.Public
	}
	at = minTime(maxTime(at, sp.SuspendedAt), h.s.now)
	if _, err := h.s.d.Restoration.PostUpdate(clock.At(ctx, at), sp.ID, restoration.UpdateRequest{Body: body, Audience: audience, ExpectedRestorationAt: newDate}); err != nil {
		return fmt.Errorf("update: %w", err)
	}
	h.sum.Updates++
	return nil
}

func publicNotice(svc directory.Service, sp restoration.Suspension) string {
	name := svc.PublicName
	if name == "" {
		name = svc.Name
	}
	if sp.ExpectedRestorationAt == nil {
		return fmt.Sprintf("%s has been taken offline as a precaution while we investigate a security incident. We will give a date for its return as soon as we can.", name)
	}
	within := "a week"
	if weeks := int(sp.ExpectedRestorationAt.Sub(sp.SuspendedAt).Hours()/24/7 + 0.5); weeks > 1 {
		within = fmt.Sprintf("%d weeks", weeks)
	}
	return fmt.Sprintf("%s has been taken offline as a precaution while we investigate a security incident. It is hoped that full service can be resumed within %s.", name, within)
}

func (h *historian) serviceIndex(id uuid.UUID) int {
	for i, s := range h.s.services {
		if s.ID == id {
			return i
		}
	}
	return 0
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
