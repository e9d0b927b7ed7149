package store_test

import (
	"context"
	"crypto/rand"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// A failure to read the export keys is an error, not "no key yet": a server
// that could not read its keys must not make a new one (a signed export would
// then name a key no one published).
func TestExportKeyReadErrorMakesNoKey(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	owner, dbURL, _ := newInstallation(t, store.Postgres)
	// A role that may add export keys but not read them.
	role := "caseward_nokeys_" + strings.ToLower(rand.Text()[:10])
	for _, s := range []string{
		"CREATE ROLE " + role + " LOGIN NOSUPERUSER",
		"GRANT USAGE ON SCHEMA public TO " + role,
		"GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
		"REVOKE SELECT ON export_keys FROM " + role,
		"GRANT INSERT ON export_keys TO " + role,
	} {
		if _, err := owner.SQL().ExecContext(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, s := range []string{"DROP OWNED BY " + role, "DROP ROLE " + role} {
			if _, err := owner.SQL().ExecContext(ctx, s); err != nil {
				t.Errorf("clean up: %s: %v", s, err)
			}
		}
	})
	u, _ := url.Parse(dbURL)
	u.User = url.User(role)
	limited, err := store.Open(ctx, u.String(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer limited.Close()
	if _, err := limited.ExportKey(ctx); err == nil {
		t.Fatal("an export key came back though the keys cannot be read")
	}
	var n int
	if err := owner.SQL().QueryRowContext(ctx, "SELECT count(*) FROM export_keys").Scan(&n); err != nil || n != 0 {
		t.Fatalf("export keys after a failed read: %d (%v), want none made", n, err)
	}
}
