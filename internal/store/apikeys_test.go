package store_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apikeys"
	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

type keyFixture struct {
	db             *store.DB
	keys           *apikeys.Service
	us             *users.Service
	admin, head    context.Context
	adminID        uuid.UUID
	headID, headDp uuid.UUID
}

func newKeyFixture(t *testing.T, db *store.DB) keyFixture {
	t.Helper()
	ctx, rec := signedInAdmin(t, db)
	us := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil })
	dept, err := directory.New(db, rec).CreateDepartment(ctx, "Radiologia")
	if err != nil {
		t.Fatal(err)
	}
	head, _, err := us.Create(ctx, users.NewUser{Email: "head@example.org", Name: "Hala", Role: users.DepartmentHead, DepartmentID: &dept.ID,
		Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	return keyFixture{db: db, keys: apikeys.NewService(db, rec), us: us, admin: ctx, adminID: identity.From(ctx).UserID,
		head:   identity.With(context.Background(), identity.Principal{UserID: head.ID, Email: head.Email, Role: string(head.Role), DepartmentID: head.DepartmentID}),
		headID: head.ID, headDp: dept.ID}
}

func (f keyFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRow(dollarPlaceholders(query), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func in(d time.Duration) *time.Time {
	t := time.Now().Add(d).UTC().Truncate(time.Second)
	return &t
}

func TestAPIKeyStandsForItsAccountWithItsRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		ctx := context.Background()
		made, err := f.keys.CreateService(f.admin, apikeys.Draft{Name: "Widok dla kierownika", Role: "department_head", UserID: &f.headID, ExpiresAt: in(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(made.Token, "cwk_") || len(made.Token) != 4+32+1+43 {
			t.Fatalf("token %q", made.Token)
		}
		// Only the hash of the secret is kept; the token is nowhere in the database.
		secret := made.Token[len("cwk_")+32+1:] // the secret may hold "_" itself
		sum := sha256.Sum256([]byte(secret))
		if n := f.count(t, `SELECT count(*) FROM api_keys WHERE id = ? AND secret_hash = ?`, made.ID, hex.EncodeToString(sum[:])); n != 1 {
			t.Fatalf("stored hash rows = %d", n)
		}
		if n := f.count(t, `SELECT count(*) FROM api_keys WHERE secret_hash LIKE ? OR name LIKE ?`, "%"+secret+"%", "%"+secret+"%"); n != 0 {
			t.Fatal("the secret is stored")
		}

		p, err := f.keys.Authenticate(ctx, made.Token, "req-1", "192.0.2.7")
		if err != nil {
			t.Fatal(err)
		}
		if p.UserID != f.headID || p.Role != "department_head" || p.KeyID != made.ID || p.ContractRole() != "department_head" ||
			p.DepartmentID == nil || *p.DepartmentID != f.headDp {
			t.Fatalf("principal %+v", p)
		}

		// A read-only key reads as an auditor, and the contract sees its own role.
		ro, err := f.keys.CreateService(f.admin, apikeys.Draft{Name: "BI dashboard", Role: apikeys.ReadOnly, ExpiresAt: in(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		p, err = f.keys.Authenticate(ctx, ro.Token, "", "")
		if err != nil || p.Role != "auditor" || p.ContractRole() != apikeys.ReadOnly || p.UserID != f.adminID {
			t.Fatalf("read-only principal %+v, %v", p, err)
		}

		flipped := "A"
		if strings.HasSuffix(made.Token, "A") {
			flipped = "B"
		}
		for name, token := range map[string]string{
			"wrong secret":  made.Token[:len(made.Token)-1] + flipped,
			"unknown key":   "cwk_" + strings.Repeat("0", 31) + "1_" + secret,
			"no secret":     "cwk_" + hex.EncodeToString(made.ID[:]) + "_",
			"not a key":     "cwk_nothing",
			"extra content": made.Token + "x",
		} {
			if _, err := f.keys.Authenticate(ctx, token, "", ""); !apperr.Is(err, apperr.Unauthenticated) {
				t.Errorf("%s: %v, want unauthenticated", name, err)
			}
		}
	})
}

func TestAPIKeyIsRefusedOnceRevokedExpiredOrItsAccountChanges(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		ctx := context.Background()
		made, err := f.keys.CreatePersonal(f.head, apikeys.Draft{Name: "skrypt", ExpiresAt: in(2 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); err != nil {
			t.Fatal(err)
		}
		// Expired: at its expiry it is refused.
		if _, err := f.keys.Authenticate(clock.At(ctx, made.ExpiresAt), made.Token, "", ""); !apperr.Is(err, apperr.Unauthenticated) ||
			!strings.Contains(err.Error(), "expired") {
			t.Fatalf("expired: %v", err)
		}
		// The account's role changes: the key no longer holds.
		u, err := f.us.Get(f.admin, f.headID)
		if err != nil {
			t.Fatal(err)
		}
		responder := users.Responder
		if u, err = f.us.Update(f.admin, f.headID, u.Version, users.Change{Role: &responder, ClearDepartment: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); !apperr.Is(err, apperr.Unauthenticated) || !strings.Contains(err.Error(), "role") {
			t.Fatalf("after a role change: %v", err)
		}
		head := users.DepartmentHead
		if u, err = f.us.Update(f.admin, f.headID, u.Version, users.Change{Role: &head, DepartmentID: &f.headDp}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); err != nil {
			t.Fatalf("role back: %v", err)
		}
		// Disabled account.
		yes := true
		if u, err = f.us.Update(f.admin, f.headID, u.Version, users.Change{Disabled: &yes}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); !apperr.Is(err, apperr.Unauthenticated) || !strings.Contains(err.Error(), "disabled") {
			t.Fatalf("disabled: %v", err)
		}
		no := false
		if _, err = f.us.Update(f.admin, f.headID, u.Version, users.Change{Disabled: &no}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); err != nil {
			t.Fatalf("enabled again: %v", err)
		}
		// Revoked by its owner: refused at once, though it was just read.
		k, err := f.keys.RevokeOwn(f.head, made.ID)
		if err != nil || k.RevokedAt == nil {
			t.Fatalf("revoke: %+v, %v", k, err)
		}
		if _, err := f.keys.Authenticate(ctx, made.Token, "", ""); !apperr.Is(err, apperr.Unauthenticated) || !strings.Contains(err.Error(), "revoked") {
			t.Fatalf("revoked: %v", err)
		}
		// Revoking again changes nothing, and is audited once.
		if _, err := f.keys.RevokeOwn(f.head, made.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_events WHERE action = 'api_key.revoke' AND entity_id = ?`, made.ID.String()); n != 1 {
			t.Fatalf("revocations audited: %d", n)
		}
	})
}

func TestAPIKeyRecordsItsLastUseAtMostOnceAMinute(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		made, err := f.keys.CreateService(f.admin, apikeys.Draft{Name: "SIEM", Role: apikeys.AlertIngest, ExpiresAt: in(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		lastUse := func() (time.Time, string) {
			var at time.Time
			var ip string
			if err := db.SQL().QueryRow(`SELECT last_used_at, last_used_ip FROM api_keys WHERE id = $1`, made.ID).Scan(&at, &ip); err != nil {
				t.Fatal(err)
			}
			return at.UTC(), ip
		}
		start := time.Now().UTC().Truncate(time.Second).Add(time.Second)
		use := func(at time.Time, ip string) {
			t.Helper()
			if _, err := f.keys.Authenticate(clock.At(context.Background(), at), made.Token, "", ip); err != nil {
				t.Fatal(err)
			}
		}
		use(start, "192.0.2.1")
		if at, ip := lastUse(); !at.Equal(start) || ip != "192.0.2.1" {
			t.Fatalf("first use: %v %s", at, ip)
		}
		use(start.Add(30*time.Second), "192.0.2.2")
		if at, ip := lastUse(); !at.Equal(start) || ip != "192.0.2.1" {
			t.Fatalf("within the minute: %v %s", at, ip)
		}
		use(start.Add(61*time.Second), "192.0.2.3")
		if at, ip := lastUse(); !at.Equal(start.Add(61*time.Second)) || ip != "192.0.2.3" {
			t.Fatalf("after the minute: %v %s", at, ip)
		}
	})
}

func TestAPIKeyDraftsAreCheckedAndChangeNothing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		zero, huge := 0, apikeys.MaxRatePerMinute+1
		nobody := uuid.New()
		for name, tc := range map[string]struct {
			personal bool
			ctx      context.Context
			d        apikeys.Draft
			field    string
		}{
			"no name":              {d: apikeys.Draft{Name: " ", Role: "admin", ExpiresAt: in(time.Hour)}, field: "name"},
			"a name of two lines":  {d: apikeys.Draft{Name: "a\nb", Role: "admin", ExpiresAt: in(time.Hour)}, field: "name"},
			"an unknown role":      {d: apikeys.Draft{Name: "x", Role: "root", ExpiresAt: in(time.Hour)}, field: "role"},
			"no expiry":            {d: apikeys.Draft{Name: "x", Role: "admin"}, field: "expires_at"},
			"expired already":      {d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(-time.Minute)}, field: "expires_at"},
			"past two years":       {d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(apikeys.MaxServiceLifetime + time.Hour)}, field: "expires_at"},
			"a rate of zero":       {d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(time.Hour), RatePerMinute: &zero}, field: "rate_per_minute"},
			"too high a rate":      {d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(time.Hour), RatePerMinute: &huge}, field: "rate_per_minute"},
			"no such account":      {d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(time.Hour), UserID: &nobody}, field: "user_id"},
			"a role not the users": {d: apikeys.Draft{Name: "x", Role: "responder", ExpiresAt: in(time.Hour), UserID: &f.headID}, field: "role"},
			"a tool role for a head": {d: apikeys.Draft{Name: "x", Role: apikeys.ReadOnly, ExpiresAt: in(time.Hour), UserID: &f.headID},
				field: "role"},
			"a personal key of another role": {personal: true, ctx: f.head, d: apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(time.Hour)},
				field: "role"},
			"a personal read-only key": {personal: true, ctx: f.head, d: apikeys.Draft{Name: "x", Role: apikeys.ReadOnly, ExpiresAt: in(time.Hour)},
				field: "role"},
			"a personal key for another": {personal: true, ctx: f.head, d: apikeys.Draft{Name: "x", UserID: &f.adminID, ExpiresAt: in(time.Hour)},
				field: "user_id"},
			"a personal key past a year": {personal: true, ctx: f.head, d: apikeys.Draft{Name: "x", ExpiresAt: in(apikeys.MaxPersonalLifetime + time.Hour)},
				field: "expires_at"},
		} {
			var err error
			if tc.personal {
				_, err = f.keys.CreatePersonal(tc.ctx, tc.d)
			} else {
				_, err = f.keys.CreateService(f.admin, tc.d)
			}
			var e *apperr.Error
			if !errors.As(err, &e) || e.Kind != apperr.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tc.field {
				t.Errorf("%s: %v, want a fault in %s", name, err, tc.field)
			}
		}
		if n := f.count(t, `SELECT count(*) FROM api_keys`); n != 0 {
			t.Fatalf("%d keys stored", n)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_events WHERE action = 'api_key.create'`); n != 0 {
			t.Fatalf("%d creations audited", n)
		}
		// Only administrators make keys for tools; a key makes no key at all.
		if _, err := f.keys.CreateService(f.head, apikeys.Draft{Name: "x", Role: "department_head", ExpiresAt: in(time.Hour)}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a head making a tool key: %v", err)
		}
		byKey := identity.With(context.Background(), identity.Principal{UserID: f.adminID, Role: "admin", KeyID: uuid.New(), KeyRole: "admin"})
		if _, err := f.keys.CreateService(byKey, apikeys.Draft{Name: "x", Role: "admin", ExpiresAt: in(time.Hour)}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a key making a key: %v", err)
		}
		if _, err := f.keys.CreatePersonal(byKey, apikeys.Draft{Name: "x", ExpiresAt: in(time.Hour)}); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a key making a personal key: %v", err)
		}
	})
}

func TestAPIKeysPerAccountAreBoundedEvenWhenRacing(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		for i := range apikeys.MaxLivePerAccount - 5 {
			if _, err := f.keys.CreatePersonal(f.head, apikeys.Draft{Name: "k" + string(rune('a'+i%26)), ExpiresAt: in(time.Hour)}); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		made, refused := 0, 0
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.keys.CreatePersonal(f.head, apikeys.Draft{Name: "racing", ExpiresAt: in(time.Hour)})
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					made++
				case apperr.Is(err, apperr.Conflict):
					refused++
				default:
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if made != 5 || refused != 15 {
			t.Fatalf("made %d, refused %d; want 5 and 15", made, refused)
		}
		if n := f.count(t, `SELECT count(*) FROM api_keys WHERE user_id = ?`, f.headID); n != apikeys.MaxLivePerAccount {
			t.Fatalf("%d keys", n)
		}
		// A revoked key frees its place.
		ks, _, err := f.keys.ListMine(f.head, uuid.Nil, 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.RevokeOwn(f.head, ks[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.keys.CreatePersonal(f.head, apikeys.Draft{Name: "after", ExpiresAt: in(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAPIKeysAreListedAndRevokedOnlyByThoseWhoMay(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newKeyFixture(t, db)
		mine, err := f.keys.CreatePersonal(f.head, apikeys.Draft{Name: "mine", ExpiresAt: in(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		tool, err := f.keys.CreateService(f.admin, apikeys.Draft{Name: "tool", Role: apikeys.AlertIngest, ExpiresAt: in(time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.keys.List(f.head, nil, uuid.Nil, 50); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a head listing every key: %v", err)
		}
		all, _, err := f.keys.List(f.admin, nil, uuid.Nil, 50)
		if err != nil || len(all) != 2 || all[0].ID != tool.ID || all[1].UserEmail != "head@example.org" {
			t.Fatalf("every key: %+v, %v", all, err)
		}
		own, _, err := f.keys.ListMine(f.head, uuid.Nil, 50)
		if err != nil || len(own) != 1 || own[0].ID != mine.ID {
			t.Fatalf("own keys: %+v, %v", own, err)
		}
		if _, err := f.keys.RevokeOwn(f.head, tool.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("a head revoking the admin's key: %v", err)
		}
		if _, err := f.keys.Revoke(f.head, tool.ID); !apperr.Is(err, apperr.Forbidden) {
			t.Fatalf("a head revoking as admin: %v", err)
		}
		if _, err := f.keys.Revoke(f.admin, mine.ID); err != nil {
			t.Fatalf("the admin revoking the head's key: %v", err)
		}
		if n := f.count(t, `SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL`); n != 1 {
			t.Fatalf("%d revoked", n)
		}
	})
}
