package store_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// The deliveries decide need-to-know per event with CaseAudience and
// Audience.Sees; the screens with the store's SQL (visible). For every kind
// of case (restricted or not, with or without a department, suspending
// another department's service or not) and every kind of caller (admin,
// auditor, owner, member, a responder outside it, the head of each
// department, a head who is a member), the two agree.
func TestAudienceSeesWhatTheStoreShows(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		dir := directory.New(db, rec)
		var depts []uuid.UUID
		for _, name := range []string{"Kardiologia", "الأشعة", "Finance"} {
			d, err := dir.CreateDepartment(ctx, name)
			if err != nil {
				t.Fatal(err)
			}
			depts = append(depts, d.ID)
		}
		us := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil })
		person := func(name string, role users.Role, dept *uuid.UUID) identity.Principal {
			u, _, err := us.Create(ctx, users.NewUser{Email: name + "@example.org", Name: name, Role: role, DepartmentID: dept, Password: "long enough password"})
			if err != nil {
				t.Fatal(err)
			}
			return identity.Principal{UserID: u.ID, Role: string(u.Role), DepartmentID: u.DepartmentID}
		}
		owner := person("owner", users.Responder, nil)
		member := person("member", users.Responder, nil)
		outsider := person("outsider", users.Responder, nil)
		headMember := person("headmember", users.DepartmentHead, &depts[2])
		callers := map[string]identity.Principal{
			"admin":       person("admin2", users.Admin, nil),
			"auditor":     person("auditor", users.Auditor, nil),
			"owner":       owner,
			"member":      member,
			"outsider":    outsider,
			"head A":      person("heada", users.DepartmentHead, &depts[0]),
			"head B":      person("headb", users.DepartmentHead, &depts[1]),
			"head C":      person("headc", users.DepartmentHead, &depts[2]),
			"head member": headMember,
			"head none":   {UserID: uuid.New(), Role: "department_head"},
		}
		cs := cases.NewService(db, rec)
		rs := restoration.NewService(db, rec)
		now := cs.Now()
		checked := 0
		one := map[uuid.UUID]cases.Audience{}
		noted := map[uuid.UUID]int{} // notes each case should hold
		for _, restricted := range []bool{false, true} {
			for _, dept := range []*uuid.UUID{nil, &depts[0]} {
				for _, suspends := range []bool{false, true} {
					for _, members := range [][]uuid.UUID{nil, {member.UserID, headMember.UserID}} {
						title := fmt.Sprintf("restricted %v dept %v suspends %v members %d", restricted, dept != nil, suspends, len(members))
						c, err := cs.Create(ctx, cases.Case{Title: title, Category: "malware", Severity: "high", DepartmentID: dept,
							OwnerID: owner.UserID, Restricted: restricted, MemberIDs: members,
							DetectedAt: now.Add(-time.Hour), AwareAt: now.Add(-time.Hour)})
						if err != nil {
							t.Fatal(err)
						}
						if suspends { // a service of department B, one per case (a service is suspended once at a time)
							svcB, err := dir.CreateService(ctx, directory.Service{Name: "PACS " + title, DepartmentID: depts[1]})
							if err != nil {
								t.Fatal(err)
							}
							if _, err := rs.Suspend(ctx, restoration.Suspension{CaseID: c.ID, ServiceID: svcB.ID, Reason: "precaution", DecidedBy: "CISO"}); err != nil {
								t.Fatal(err)
							}
						}
						a, err := db.CaseAudience(ctx, c.ID)
						if err != nil {
							t.Fatal(err)
						}
						one[c.ID] = a
						for name, p := range callers {
							scope := cases.ScopeFor(p)
							_, err := db.Case(ctx, c.ID, scope, false)
							if err != nil && !apperr.Is(err, apperr.NotFound) {
								t.Fatal(err)
							}
							sees := a.Sees(scope)
							if store := err == nil; store != sees {
								t.Errorf("%s, %s: the store shows it %v, Audience.Sees says %v", title, name, store, sees)
							}
							// A note checks need-to-know in its own statement:
							// it lands where the caller sees the case, and is
							// not found (writing nothing) where they do not.
							n := cases.Note{ID: uuid.Must(uuid.NewV7()), CaseID: c.ID, Kind: cases.NoteUpdate, Body: "Sprawdzono: " + name,
								AuthorID: owner.UserID, CreatedAt: now}
							err = db.CreateNote(ctx, n, scope, cases.MaxNotesPerCase)
							if sees && err != nil || !sees && !apperr.Is(err, apperr.NotFound) {
								t.Errorf("%s, %s: a note got %v (sees it: %v)", title, name, err, sees)
							}
							if sees {
								noted[c.ID]++
							}
							checked++
						}
					}
				}
			}
		}
		if checked != 16*len(callers) {
			t.Fatalf("checked %d pairs", checked)
		}
		for id, want := range noted {
			var notes, counted int
			if err := db.SQL().QueryRow(`SELECT (SELECT count(*) FROM notes WHERE case_id = cases.id), note_count FROM cases WHERE id = $1`,
				id.String()).Scan(&notes, &counted); err != nil {
				t.Fatal(err)
			}
			if notes != want || counted != want {
				t.Errorf("case %s holds %d notes and counts %d, want %d", id, notes, counted, want)
			}
		}
		if _, err := db.CaseAudience(ctx, uuid.New()); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a case that is not there: %v, want NotFound", err)
		}
		// Read all at once (and one that is not there), each is what it is alone.
		ids := append(slices.Collect(maps.Keys(one)), uuid.New())
		all, err := db.CaseAudiences(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != len(one) {
			t.Fatalf("%d audiences for %d cases and one that is not there", len(all), len(one))
		}
		for id, a := range one {
			if !reflect.DeepEqual(all[id], a) {
				t.Errorf("case %s: together %+v, alone %+v", id, all[id], a)
			}
		}
	})
}
