package store_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/notify"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// bellTitles reads scope's whole bell, a page of two at a time, and returns
// each notification's title by its case's reference ("-" for none), and how
// many statements each page took.
func bellTitles(t *testing.T, db *store.DB, scope cases.Scope) (map[string]string, []int64) {
	t.Helper()
	titles, statements := map[string]string{}, []int64(nil)
	var before int64
	for {
		var page []notify.Notification
		var err error
		statements = append(statements, db.CountAllStatements(func() {
			page, err = db.Notifications(context.Background(), scope, false, before, 2)
		}))
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range page {
			ref := n.CaseReference
			if ref == "" {
				ref = "-"
			}
			titles[ref] = n.CaseTitle
		}
		if len(page) < 2 {
			return titles, statements
		}
		before = page[len(page)-1].Seq
	}
}

// A notification shows its case's title as it is when the bell is read, and
// only to whom may see the case then: a renamed case shows its new name (the
// reference stays as told); once it is restricted, a reader who is neither
// its owner nor a member is given neither it nor its title, while a member
// and an admin still see both. Polish and Arabic titles come back intact,
// and every page is one statement.
func TestNotificationsShowTheCaseTitleTheReaderMaySeeNow(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		fin, err := db.CreateDepartment(ctx, directory.Department{ID: uuid.New(), Name: "Finanse"})
		if err != nil {
			t.Fatal(err)
		}
		people := map[string]users.User{}
		for name, role := range map[string]users.Role{"head": users.DepartmentHead, "outsider": users.Responder, "member": users.Responder} {
			u := users.User{ID: uuid.New(), Email: name + "@example.org", Name: name, Role: role}
			if role == users.DepartmentHead {
				u.DepartmentID = &fin.ID
			}
			if people[name], err = db.CreateUser(ctx, u, "x"); err != nil {
				t.Fatal(err)
			}
		}
		people["admin"] = users.User{ID: identity.From(ctx).UserID}
		scopes := map[string]cases.Scope{
			"admin":    {All: true, UserID: people["admin"].ID},
			"head":     {UserID: people["head"].ID, DepartmentID: &fin.ID},
			"outsider": {UserID: people["outsider"].ID},
			"member":   {UserID: people["member"].ID},
		}
		const leak, phish = "Wyciek danych płacowych — تسرب بيانات الرواتب", "Phishing w księgowości"
		open := func(title string) cases.Case {
			c, err := cs.Create(ctx, cases.Case{Title: title, Summary: "s", Category: "data_leak", Severity: "high", DepartmentID: &fin.ID,
				DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		a, b := open(leak), open(phish)
		var ns []notify.Notification
		for _, u := range people {
			for seq, c := range []*cases.Case{&a, &b, nil} {
				n := notify.Notification{ID: uuid.New(), UserID: u.ID, EventID: uuid.New(), Seq: int64(seq + 1), Kind: "case.created",
					ActorName: "Admin", Sentence: "opened the case", OccurredAt: time.Now()}
				if c != nil {
					n.CaseID, n.CaseReference = &c.ID, c.Reference
				}
				ns = append(ns, n)
			}
		}
		if err := db.AddNotifications(ctx, ns); err != nil {
			t.Fatal(err)
		}
		check := func(when string, want map[string]map[string]string) {
			t.Helper()
			for who, scope := range scopes {
				got, statements := bellTitles(t, db, scope)
				w := map[string]string{"-": ""} // the notification about no case, without a title
				maps.Copy(w, want[who])
				if !maps.Equal(got, w) {
					t.Fatalf("%s, %s's bell: %q, want %q", when, who, got, w)
				}
				for _, n := range statements {
					if n != 1 {
						t.Fatalf("%s, %s's bell took %v statements a page, want 1", when, who, statements)
					}
				}
			}
		}
		both := func(title string) map[string]string { return map[string]string{a.Reference: title, b.Reference: phish} }
		check("as told", map[string]map[string]string{"admin": both(leak), "head": both(leak), "outsider": both(leak), "member": both(leak)})

		const renamed = "Wyciek potwierdzony — تم تأكيد التسرب"
		title := renamed
		a, err = cs.Update(ctx, a.ID, a.Version, cases.Patch{Title: &title})
		if err != nil {
			t.Fatal(err)
		}
		check("renamed", map[string]map[string]string{"admin": both(renamed), "head": both(renamed), "outsider": both(renamed), "member": both(renamed)})

		yes, members := true, []uuid.UUID{people["member"].ID}
		if _, err = cs.Update(ctx, a.ID, a.Version, cases.Patch{Restricted: &yes, MemberIDs: &members}); err != nil {
			t.Fatal(err)
		}
		onlyB := map[string]string{b.Reference: phish}
		check("restricted", map[string]map[string]string{"admin": both(renamed), "head": onlyB, "outsider": onlyB, "member": both(renamed)})
	})
}
