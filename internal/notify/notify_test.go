package notify_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// world is a case in Finance and the people around it.
type world struct {
	db      *store.DB
	svc     *notify.Service
	cs      *cases.Service
	ctx     map[string]context.Context // each person signed in
	id      map[string]uuid.UUID
	fin     uuid.UUID
	hea     uuid.UUID
	payroll uuid.UUID
	c       cases.Case
}

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	bg := context.Background()
	w := &world{db: db, ctx: map[string]context.Context{}, id: map[string]uuid.UUID{}}
	rec := audit.NewRecorder(db)
	w.svc = notify.NewService(db, rec)
	w.cs = cases.NewService(db, rec)
	for name, dst := range map[string]*uuid.UUID{"Finanse — المالية": &w.fin, "Health": &w.hea} {
		d, err := db.CreateDepartment(bg, directory.Department{ID: uuid.New(), Name: name})
		if err != nil {
			t.Fatal(err)
		}
		*dst = d.ID
	}
	s, err := db.CreateService(bg, directory.Service{ID: uuid.New(), Name: "Payroll", DepartmentID: w.fin})
	if err != nil {
		t.Fatal(err)
	}
	w.payroll = s.ID
	for _, p := range []struct {
		name     string
		role     users.Role
		dept     *uuid.UUID
		disabled bool
	}{
		{"admin", users.Admin, nil, false}, {"admin2", users.Admin, nil, false},
		{"follower", users.Responder, nil, false}, {"outsider", users.Responder, nil, false},
		{"owner", users.Responder, nil, false}, {"quiet", users.Responder, nil, false},
		{"deptfan", users.Responder, nil, false}, {"servicefan", users.Responder, nil, false},
		{"gone", users.Responder, nil, true},
		{"head", users.DepartmentHead, &w.fin, false}, {"refuser", users.DepartmentHead, &w.fin, false},
		{"otherhead", users.DepartmentHead, &w.hea, false},
	} {
		u, err := db.CreateUser(bg, users.User{ID: uuid.New(), Email: p.name + "@example.org", Name: "Łucja " + p.name,
			Role: p.role, DepartmentID: p.dept, Disabled: p.disabled}, "x")
		if err != nil {
			t.Fatal(err)
		}
		w.id[p.name] = u.ID
		w.ctx[p.name] = identity.With(bg, identity.Principal{UserID: u.ID, Email: u.Email, Role: string(p.role), DepartmentID: p.dept})
	}
	w.c, err = w.cs.Create(w.ctx["admin"], cases.Case{Title: "Wyciek danych — تسرب", Summary: "s", Category: "malware", Severity: "high",
		DepartmentID: &w.fin, DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) follow(t *testing.T, who, targetType string, id uuid.UUID) {
	t.Helper()
	if err := w.svc.Follow(w.ctx[who], targetType, id); err != nil {
		t.Fatalf("%s follows %s %s: %v", who, targetType, id, err)
	}
}

// deliver runs the in-app delivery over what is waiting.
func (w *world) deliver(t *testing.T) {
	t.Helper()
	if _, err := relay.Once(context.Background(), w.db, w.svc.InAppDelivery()); err != nil {
		t.Fatal(err)
	}
}

// told returns the people with an unread notification of kind.
func (w *world) told(t *testing.T, kind string) []string {
	t.Helper()
	var out []string
	for name, ctx := range w.ctx {
		page, err := w.svc.List(ctx, true, 0, 50)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(page.Items, func(n notify.Notification) bool { return n.Kind == kind }) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// An assignment reaches the case's followers, its department's followers and
// head (unless they refused), and the new owner; not the actor, not a
// disabled user, not one who turned the kind off, not another department's
// head. Delivering the same events again writes nothing more.
func TestAssignmentReachesFollowersHeadsAndOwner(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.deliver(t) // the delivery starts here
		start, err := db.LastEventSeq(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"admin", "follower", "quiet"} {
			w.follow(t, who, notify.TargetCase, w.c.ID)
		}
		w.follow(t, "deptfan", notify.TargetDepartment, w.fin)
		if err := w.svc.Unfollow(w.ctx["refuser"], notify.TargetDepartment, w.fin); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.SetPreferences(w.ctx["quiet"], []notify.Choice{{Kind: events.CaseAssigned, Channel: notify.InApp, Enabled: false}}, ""); err != nil {
			t.Fatal(err)
		}
		owner := w.id["owner"]
		if _, err := w.cs.Update(w.ctx["admin"], w.c.ID, w.c.Version, cases.Patch{OwnerID: &owner}); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		want := []string{"deptfan", "follower", "head", "owner"}
		if got := w.told(t, events.CaseAssigned); !slices.Equal(got, want) {
			t.Fatalf("told %v, want %v", got, want)
		}
		page, err := w.svc.List(w.ctx["follower"], false, 0, 10)
		if err != nil || len(page.Items) != 1 {
			t.Fatalf("follower's bell: %+v %v", page, err)
		}
		n := page.Items[0]
		if n.CaseReference != w.c.Reference || n.ActorName != "Łucja admin" || n.Sentence == "" || n.CaseID == nil || *n.CaseID != w.c.ID {
			t.Fatalf("notification %+v", n)
		}

		// The same events handed over again write nothing more.
		evs, err := db.EventsAfter(context.Background(), start, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 {
			err = db.InTx(context.Background(), func(ctx context.Context) error { return w.svc.InAppDelivery().Handle(ctx, evs) })
			if err != nil {
				t.Fatal(err)
			}
		}
		if got := w.told(t, events.CaseAssigned); !slices.Equal(got, want) {
			t.Fatalf("after a second delivery told %v, want %v", got, want)
		}
		if n, err := w.svc.UnreadCount(w.ctx["follower"]); err != nil || n != 1 {
			t.Fatalf("follower's unread count %d %v, want 1", n, err)
		}
	})
}

// Once a case is restricted, its events reach only those who may see it:
// a member who follows it, not a follower who is not a member, not the
// department's head.
func TestRestrictedCaseReachesOnlyItsPeople(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		w.deliver(t)
		w.follow(t, "follower", notify.TargetCase, w.c.ID)
		w.follow(t, "outsider", notify.TargetCase, w.c.ID)
		c, err := w.cs.Transition(w.ctx["admin"], w.c.ID, cases.Triage, "")
		if err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		if got, want := w.told(t, events.CaseStatusChanged), []string{"follower", "head", "outsider", "refuser"}; !slices.Equal(got, want) {
			t.Fatalf("before the restriction told %v, want %v", got, want)
		}
		yes, members := true, []uuid.UUID{w.id["follower"]}
		c, err = w.cs.Update(w.ctx["admin"], w.c.ID, c.Version, cases.Patch{Restricted: &yes, MemberIDs: &members})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.cs.Transition(w.ctx["admin"], c.ID, cases.Investigating, ""); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		// The move after the restriction reaches only the member; what the
		// others were told before is no longer shown to them.
		if got, want := w.told(t, events.CaseStatusChanged), []string{"follower"}; !slices.Equal(got, want) {
			t.Fatalf("told %v, want %v", got, want)
		}
		if page, _ := w.svc.List(w.ctx["follower"], false, 0, 10); len(page.Items) != 2 {
			t.Fatalf("the member's bell holds %d moves, want 2", len(page.Items))
		}
		if n, err := w.svc.UnreadCount(w.ctx["outsider"]); err != nil || n != 0 {
			t.Fatalf("outsider's unread count %d %v, want 0 once the case is restricted", n, err)
		}
		// Nor may the outsider follow it now, nor see that they do.
		if err := w.svc.Follow(w.ctx["outsider"], notify.TargetCase, w.c.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("following a case one may not see: %v, want NotFound", err)
		}
		follows, err := w.svc.Follows(w.ctx["outsider"])
		if err != nil || len(follows) != 0 {
			t.Fatalf("outsider's follows %+v %v, want none", follows, err)
		}
	})
}

// Mail reaches whoever chose it, with their digest; the notices about
// deliveries reach every enabled admin and nobody else; an unsubscribe turns
// one kind off on one channel.
func TestRecipientsByChannelAdminsAndUnsubscribe(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		w.follow(t, "follower", notify.TargetCase, w.c.ID)
		if _, err := w.svc.SetPreferences(w.ctx["follower"], nil, notify.DigestDaily); err != nil {
			t.Fatal(err)
		}
		e := events.Event{ID: uuid.NewString(), Kind: events.ClockDueSoon, CaseID: w.c.ID.String(), EntityType: "case",
			EntityID: w.c.ID.String(), Action: "scheduler.clock", OccurredAt: time.Now()}
		got, err := w.svc.Recipients(ctx, e, notify.Email)
		if err != nil {
			t.Fatal(err)
		}
		// The clock's case is its creator's (the admin): the owner, the
		// follower and Finance's two heads; not Health's.
		names := func(rs []notify.Recipient) []string {
			var out []string
			for _, r := range rs {
				out = append(out, r.Name+"/"+r.Digest)
			}
			slices.Sort(out)
			return out
		}
		if want := []string{"Łucja admin/off", "Łucja follower/daily", "Łucja head/off", "Łucja refuser/off"}; !slices.Equal(names(got), want) {
			t.Fatalf("mail to %v, want %v", names(got), want)
		}
		// A status change is not mailed by default.
		e.Kind = events.CaseStatusChanged
		if got, _ := w.svc.Recipients(ctx, e, notify.Email); len(got) != 0 {
			t.Fatalf("status change mailed to %v", names(got))
		}
		if err := w.svc.Unsubscribe(ctx, w.id["follower"], events.ClockDueSoon, notify.Email); err != nil {
			t.Fatal(err)
		}
		e.Kind = events.ClockDueSoon
		if got, _ := w.svc.Recipients(ctx, e, notify.Email); slices.ContainsFunc(got, func(r notify.Recipient) bool { return r.UserID == w.id["follower"] }) {
			t.Fatal("an unsubscribed follower is still mailed")
		}
		if got, _ := w.svc.Recipients(ctx, e, notify.InApp); !slices.ContainsFunc(got, func(r notify.Recipient) bool { return r.UserID == w.id["follower"] }) {
			t.Fatal("unsubscribing from mail turned the app off too")
		}
		if err := w.svc.Unsubscribe(ctx, w.id["follower"], "clock.nonsense", notify.Email); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("unknown kind: %v", err)
		}
		e = events.Event{ID: uuid.NewString(), Kind: events.WebhookDisabled, EntityType: "webhook", Action: "webhook.disable", OccurredAt: time.Now()}
		got, err = w.svc.Recipients(ctx, e, notify.Email)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Łucja admin/off", "Łucja admin2/off"}; !slices.Equal(names(got), want) {
			t.Fatalf("notice to %v, want %v", names(got), want)
		}
		e.Kind = events.Changed
		if got, _ := w.svc.Recipients(ctx, e, notify.InApp); len(got) != 0 {
			t.Fatalf("a changed event reaches %v", names(got))
		}
	})
}

// A service's followers hear of the cases that suspend it; following
// something that does not exist is NotFound and stores nothing; a head's
// default follow shows until refused.
func TestFollowsOfServicesAndHeadsDefault(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		w := newWorld(t, db)
		ctx := context.Background()
		w.follow(t, "servicefan", notify.TargetService, w.payroll)
		if err := w.svc.Follow(w.ctx["servicefan"], notify.TargetService, uuid.New()); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("following no service: %v", err)
		}
		follows, err := w.svc.Follows(w.ctx["servicefan"])
		if err != nil || len(follows) != 1 || follows[0].Name != "Payroll" {
			t.Fatalf("follows %+v %v", follows, err)
		}
		on, implicit, err := w.svc.FollowState(w.ctx["head"], notify.TargetDepartment, w.fin)
		if err != nil || !on || !implicit {
			t.Fatalf("head's own department: following %v implicit %v %v", on, implicit, err)
		}
		if err := w.svc.Unfollow(w.ctx["head"], notify.TargetDepartment, w.fin); err != nil {
			t.Fatal(err)
		}
		if on, _, _ := w.svc.FollowState(w.ctx["head"], notify.TargetDepartment, w.fin); on {
			t.Fatal("a head who unfollowed their department still follows it")
		}
		w.deliver(t)
		rs := restoration.NewService(db, audit.NewRecorder(db))
		if _, err := rs.Suspend(w.ctx["admin"], restoration.Suspension{CaseID: w.c.ID, ServiceID: w.payroll, Reason: "precaution", DecidedBy: "CISO"}); err != nil {
			t.Fatal(err)
		}
		w.deliver(t)
		if got, want := w.told(t, events.SuspensionStarted), []string{"refuser", "servicefan"}; !slices.Equal(got, want) {
			t.Fatalf("told %v, want %v", got, want)
		}
		if n, err := w.svc.MarkAllRead(w.ctx["servicefan"]); err != nil || n != 1 {
			t.Fatalf("mark all read: %d %v", n, err)
		}
		if n, _ := w.svc.UnreadCount(w.ctx["servicefan"]); n != 0 {
			t.Fatalf("unread after marking all read: %d", n)
		}
		_ = ctx
	})
}
