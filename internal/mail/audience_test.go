package mail_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	cwmail "github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// The whole way, with the real audience (package notify) deciding who is
// told: a case assigned to a responder mails them; on a restricted case a
// responder who follows it but is not a member gets nothing; the
// unsubscribe link in the mail turns that kind off by email, so the next
// assignment mails nobody, while the bell still gets it.
func TestMailReachesWhomNotifyChoosesAndItsLinkUnsubscribes(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		bg := context.Background()
		rec := audit.NewRecorder(db)
		aud := notify.NewService(db, rec)
		svc := cwmail.New(db, aud, rec, cwmail.Options{From: "caseward@example.org",
			PublicURL: "https://caseward.example.org/", Transport: r.smtpTo(r.srv.addr, startTLS), Now: r.clock.Now})
		for _, d := range []relay.Delivery{svc.Delivery(), aud.InAppDelivery()} { // their cursors start here
			if _, err := relay.Once(bg, db, d); err != nil {
				t.Fatal(err)
			}
		}
		person := func(name string) (uuid.UUID, context.Context) {
			u, err := db.CreateUser(bg, users.User{ID: uuid.New(), Email: name + "@example.org", Name: "Zoë " + name,
				Role: users.Responder, TimeZone: "Asia/Riyadh"}, "x")
			if err != nil {
				t.Fatal(err)
			}
			return u.ID, identity.With(bg, identity.Principal{UserID: u.ID, Email: u.Email, Role: "responder"})
		}
		ownerID, _ := person("owner")
		_, fanCtx := person("fan")
		c, err := r.cases.Create(r.ctx, cases.Case{Title: "Konta płacowe — حسابات", Summary: "s", Category: "malware", Severity: "high",
			Restricted: true, DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if err := aud.Follow(fanCtx, notify.TargetCase, c.ID); err == nil {
			t.Fatal("a responder followed a restricted case they may not see")
		}
		assign := func(to uuid.UUID) {
			cur, err := r.cases.Get(r.ctx, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.cases.Update(r.ctx, c.ID, cur.Version, cases.Patch{OwnerID: &to}); err != nil {
				t.Fatal(err)
			}
			if _, err := relay.Once(bg, db, svc.Delivery()); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.SendDue(bg); err != nil {
				t.Fatal(err)
			}
		}
		assign(ownerID)
		got := r.srv.messages()
		if len(got) != 1 || got[0].To[0] != "owner@example.org" {
			t.Fatalf("received %+v, want one mail to the new owner", got)
		}
		p := parse(t, got[0].Data)
		if !strings.Contains(subjectOf(t, p), "A case is assigned to someone") {
			t.Errorf("subject %q", subjectOf(t, p))
		}

		link := strings.Trim(p.header.Get("List-Unsubscribe"), "<>")
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Unsubscribe(bg, u.Query().Get("token")); err != nil {
			t.Fatal(err)
		}
		adminID := identity.From(r.ctx).UserID
		assign(adminID) // away from the owner, so that the owner is told again on the next
		assign(ownerID)
		if n := len(r.srv.messages()); n != 1 {
			t.Fatalf("%d mails after unsubscribing, want still 1", n)
		}
		ownerBell := identity.With(bg, identity.Principal{UserID: ownerID, Email: "owner@example.org", Role: "responder"})
		if _, err := relay.Once(bg, db, aud.InAppDelivery()); err != nil {
			t.Fatal(err)
		}
		n, err := aud.UnreadCount(ownerBell)
		if err != nil || n == 0 {
			t.Fatalf("the owner's bell has %d unread (%v), want the assignment there still", n, err)
		}
	})
}
