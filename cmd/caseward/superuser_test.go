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

	// An ordinary role, with the privileges docs/security.md gives the runtime.
	role := "caseward_rt_" + strings.ToLower(rand.Text()[:10])
	admin, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range append([]string{"CREATE ROLE " + role + " LOGIN NOSUPERUSER"}, runtimeGrants(role)...) {
		if _, err := admin.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, s := range []string{"DROP OWNED BY " + role, "DROP ROLE " + role} {
			if _, err := admin.Exec(s); err != nil {
				t.Errorf("clean up: %s: %v", s, err)
			}
		}
		admin.Close()
	})
	u, _ := url.Parse(dbURL)
	u.User = url.User(role)
	if log := migrate(u.String()); strings.Contains(log, "superuser") {
		t.Fatalf("superuser warning for an ordinary role:\n%s", log)
	}

	// With the grants docs/security.md gives, the runtime role cannot change,
	// wipe or unprotect the append-only tables.
	app, err := sql.Open("pgx", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	for _, s := range []string{
		"UPDATE audit_events SET action = 'forged'",
		"DELETE FROM custody_events",
		"DELETE FROM suspension_updates",
		"TRUNCATE audit_events",
		"TRUNCATE custody_events",
		"TRUNCATE suspension_updates",
		"ALTER TABLE suspension_updates DISABLE TRIGGER ALL",
		"ALTER TABLE custody_events DISABLE TRIGGER USER",
		"ALTER TABLE audit_events DISABLE TRIGGER ALL",
		"SET session_replication_role = replica",
	} {
		if _, err := app.Exec(s); err == nil {
			t.Errorf("the runtime role may: %s", s)
		}
	}
	var n int
	if err := app.QueryRow("SELECT count(*) FROM audit_events").Scan(&n); err != nil {
		t.Fatalf("the runtime role may not read the trail: %v", err)
	}
}

// runtimeGrants are the privileges docs/security.md gives the role Caseward
// serves as: everything on the ordinary tables, only SELECT and INSERT on the
// append-only ones, and no ownership.
func runtimeGrants(role string) []string {
	return []string{
		"GRANT USAGE ON SCHEMA public TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role,
		"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events, custody_events, suspension_updates FROM " + role,
		"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO " + role,
	}
}
