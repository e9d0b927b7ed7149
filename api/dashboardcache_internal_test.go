package api

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/identity"
)

// A rendering is reused within a second by readers who see the same, never by
// others, redone after a second or any change, and forgotten once stale.
func TestDashboardCacheReusesFreshRenderingsOfTheSameReaders(t *testing.T) {
	t.Parallel()
	c := newDashboardCache()
	clock := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	c.now = func() time.Time { return clock }
	renders := 0
	render := func(ctx context.Context) (any, error) {
		renders++
		return map[string]any{"for": identity.From(ctx).Role, "n": renders}, nil
	}
	as := func(role string, id uuid.UUID) context.Context {
		return identity.With(context.Background(), identity.Principal{UserID: id, Role: role})
	}
	admin, auditor, head := as("admin", uuid.New()), as("auditor", uuid.New()), as("department_head", uuid.New())
	get := func(ctx context.Context) string {
		r, err := c.get(ctx, render)
		if err != nil {
			t.Fatal(err)
		}
		return string(r.body)
	}

	first := get(admin)
	if get(auditor) != first || renders != 1 {
		t.Fatalf("admins and auditors see the same dashboard: %d renderings", renders)
	}
	if get(head) == first || renders != 2 {
		t.Fatalf("a department head got another reader's dashboard: %d renderings", renders)
	}
	clock = clock.Add(999 * time.Millisecond)
	if get(admin) != first || renders != 2 {
		t.Fatalf("within a second: %d renderings", renders)
	}
	c.forget()
	if get(admin) == first || renders != 3 {
		t.Fatalf("after a change: %d renderings", renders)
	}
	get(head)
	clock = clock.Add(time.Second)
	get(admin)
	if renders != 5 {
		t.Fatalf("after a second: %d renderings", renders)
	}
	if _, kept := c.entries[dashboardKey(identity.From(head))]; kept {
		t.Fatal("a stale rendering is still kept")
	}
}
