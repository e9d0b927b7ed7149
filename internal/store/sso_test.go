package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/sso"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// Of callbacks racing with one state, exactly one takes it (handoff codes
// are taken the same way, by takeRow). Pruning removes what expired.
func TestSSOStateAndHandoffAreTakenOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		for _, h := range []string{"live", "old"} {
			expires := now.Add(time.Minute)
			if h == "old" {
				expires = now.Add(-time.Minute)
			}
			if err := db.InsertSSOState(ctx, sso.State{StateHash: h, BindingHash: "b", Nonce: "n", Verifier: "v", ReturnTo: "/",
				CreatedAt: now, ExpiresAt: expires}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.PruneSSO(ctx, now); err != nil {
			t.Fatal(err)
		}
		if _, err := db.TakeSSOState(ctx, "old"); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("expired state after pruning: %v", err)
		}
		var took atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.InTx(ctx, func(ctx context.Context) error {
					st, err := db.TakeSSOState(ctx, "live")
					if err == nil && st.Nonce == "n" {
						took.Add(1)
					}
					return err
				})
				if err != nil && !apperr.Is(err, apperr.NotFound) {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		if took.Load() != 1 {
			t.Errorf("%d callbacks took the state, want 1", took.Load())
		}
	})
}
