package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestRevokeOtherRefreshFamiliesKeepsOneSignIn(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, _ := signedInAdmin(t, db)
		me := identity.From(ctx).UserID
		now := time.Now().UTC()
		families := []uuid.UUID{uuid.New(), uuid.New(), uuid.New()}
		for i, f := range families {
			// Two tokens in each family: a spent one and the live one.
			for j := range 2 {
				tok := auth.RefreshToken{ID: uuid.New(), FamilyID: f, UserID: me, TokenHash: uuid.NewString(),
					CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
				if err := db.InsertRefreshToken(ctx, tok); err != nil {
					t.Fatalf("family %d token %d: %v", i, j, err)
				}
			}
		}
		for _, f := range families {
			if _, live, err := db.SignedInUser(ctx, me, f); err != nil || !live {
				t.Fatalf("before: live %v, err %v", live, err) // and cached
			}
		}
		err := db.InTx(ctx, func(ctx context.Context) error {
			return db.RevokeOtherRefreshFamilies(ctx, me, families[1], now)
		})
		if err != nil {
			t.Fatal(err)
		}
		for i, f := range families {
			_, live, err := db.SignedInUser(ctx, me, f)
			if err != nil || live != (i == 1) {
				t.Fatalf("family %d after: live %v, err %v", i, live, err)
			}
		}
	})
}

func TestSetUserTimeZoneBumpsTheVersionAndForgetsTheCachedUser(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, _ := signedInAdmin(t, db)
		me := identity.From(ctx).UserID
		session := uuid.New()
		before, _, err := db.SignedInUser(ctx, me, session)
		if err != nil || before.TimeZone != "" {
			t.Fatalf("before: %+v, %v", before, err)
		}
		u, err := db.SetUserTimeZone(ctx, me, "Asia/Kolkata")
		if err != nil || u.TimeZone != "Asia/Kolkata" || u.Version != before.Version+1 {
			t.Fatalf("set: %+v, %v", u, err)
		}
		if cached, _, err := db.SignedInUser(ctx, me, session); err != nil || cached.TimeZone != "Asia/Kolkata" {
			t.Fatalf("signed-in user after the change: %+v, %v", cached, err)
		}
		if u, err = db.SetUserTimeZone(ctx, me, ""); err != nil || u.TimeZone != "" {
			t.Fatalf("cleared: %+v, %v", u, err)
		}
		if _, err := db.SetUserTimeZone(ctx, uuid.New(), "UTC"); err == nil {
			t.Fatal("an unknown user's time zone was set")
		}
	})
}
