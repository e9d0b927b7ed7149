package status

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

func TestDeriveShowsTheCurrentOrLatestRecentSuspension(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { v := now.Add(d); return &v }
	day := 24 * time.Hour
	svc := func(n string) PublicService {
		return PublicService{ID: uuid.NewSHA1(uuid.Nil, []byte(n)), PublicName: n}
	}
	a, b, c, d := svc("A"), svc("B"), svc("C"), svc("D")
	oldRestore := PublicSuspension{ID: uuid.New(), ServiceID: a.ID, SuspendedAt: now.Add(-20 * day), RestoredAt: at(-15 * day), Baseline: at(-16 * day)}
	newRestore := PublicSuspension{ID: uuid.New(), ServiceID: a.ID, SuspendedAt: now.Add(-5 * day), RestoredAt: at(-2 * day), Baseline: at(-3 * day)}
	active := PublicSuspension{ID: uuid.New(), ServiceID: b.ID, Active: true, SuspendedAt: now.Add(-day), Expected: at(9 * day), Baseline: at(5 * day)}
	bRestored := PublicSuspension{ID: uuid.New(), ServiceID: b.ID, SuspendedAt: now.Add(-9 * day), RestoredAt: at(-2 * day)}
	tooOld := PublicSuspension{ID: uuid.New(), ServiceID: c.ID, SuspendedAt: now.Add(-40 * day), RestoredAt: at(-RecentlyRestored - time.Second)}

	var updates []PublicUpdate
	for i := range UpdatesPerService + 5 {
		updates = append(updates, PublicUpdate{ID: uuid.New(), SuspensionID: active.ID, Body: "u", At: now.Add(time.Duration(i) * time.Minute)})
	}
	first := PublicUpdate{ID: uuid.New(), SuspensionID: newRestore.ID, Body: "first", At: now.Add(-3 * day)}
	fix := PublicUpdate{ID: uuid.New(), SuspensionID: newRestore.ID, Body: "fix", At: now.Add(-2 * day), CorrectsID: &first.ID, CorrectsAt: &first.At}
	stale := PublicUpdate{ID: uuid.New(), SuspensionID: oldRestore.ID, Body: "old", At: now.Add(-16 * day)}
	updates = append(updates, fix, stale, first)

	page := derive(now, Snapshot{Services: []PublicService{a, b, c, d},
		Suspensions: []PublicSuspension{oldRestore, newRestore, active, bRestored, tooOld}, Updates: updates})
	got := map[string]Listing{}
	for _, l := range page.Services {
		got[l.PublicName] = l
	}
	if l := got["A"]; l.State != Restored || !l.Since.Equal(*newRestore.RestoredAt) || len(l.Updates) != 2 ||
		l.Updates[0].Body != "fix" || l.Updates[0].CorrectsAt == nil || !l.Updates[1].Corrected {
		t.Errorf("A, restored twice: %+v", l)
	}
	if l := got["B"]; l.State != Suspended || !l.Since.Equal(active.SuspendedAt) || !l.Expected.Equal(*active.Expected) ||
		!l.Baseline.Equal(*active.Baseline) || len(l.Updates) != UpdatesPerService || !l.Updates[0].At.After(l.Updates[1].At) {
		t.Errorf("B, active: %+v", l)
	}
	for _, n := range []string{"C", "D"} {
		if l := got[n]; l.State != Operational || l.Since != nil || l.Baseline != nil || l.Updates == nil || len(l.Updates) != 0 {
			t.Errorf("%s, operational: %+v", n, l)
		}
	}
	if len(page.Services) != 4 || page.Services[0].PublicName != "A" || !page.GeneratedAt.Equal(now) {
		t.Errorf("page: %+v", page)
	}
}
