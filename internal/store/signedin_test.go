package store_test

import (
	"context"
	"testing"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/users"
)

// signedInAdmin creates an admin and returns a context acting as them, with
// the audit recorder the services under test write through.
func signedInAdmin(t *testing.T, db *store.DB) (context.Context, *audit.Recorder) {
	t.Helper()
	ctx := context.Background()
	rec := audit.NewRecorder(db)
	admin, _, err := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil }).Create(ctx,
		users.NewUser{Email: "admin@example.org", Name: "Admin", Role: users.Admin, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	return identity.With(ctx, identity.Principal{UserID: admin.ID, Email: admin.Email, Role: "admin"}), rec
}
