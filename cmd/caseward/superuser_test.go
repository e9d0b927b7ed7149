package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store/dbtest"
)

// A superuser can switch off the triggers that keep the audit trail and the
// chain of custody append-only: `caseward migrate` (and serve, which opens the
// database the same way) warns when it connects as one, and does not when the
// role is an ordinary one.
func TestMigrateWarnsWhenConnectedAsASuperuser(t *testing.T) {
	dbURL := dbtest.PostgresURL(t) // the tests connect as a superuser
	migrate := func(u string) string {
		t.Helper()
		var out, errOut bytes.Buffer
		env := func(k string) string {
			if k == "DATABASE_URL" {
				return u
			}
			return ""
		}
		if err := run(context.Background(), []string{"migrate", "--data-dir", t.TempDir()}, env, nil, &out, &errOut); err != nil {
			t.Fatalf("migrate: %v\n%s", err, errOut.String())
		}
		return errOut.String()
	}
	if log := migrate(dbURL); !strings.Contains(log, "superuser") {
		t.Fatalf("no superuser warning in the log:\n%s", log)
	}

	// An ordinary role, with only the privileges the runtime needs.
	role := "caseward_rt_" + strings.ToLower(rand.Text()[:10])
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"CREATE ROLE " + role + " LOGIN NOSUPERUSER",
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
	} {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		admin.Exec("DROP OWNED BY " + role)
		admin.Exec("DROP ROLE " + role)
		admin.Close()
	})
	u, _ := url.Parse(dbURL)
	u.User = url.User(role)
	if log := migrate(u.String()); strings.Contains(log, "superuser") {
		t.Fatalf("superuser warning for an ordinary role:\n%s", log)
	}
}
