package main

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/glebarez/go-sqlite"
	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/export"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/store"
)

func noEnv(string) string { return "" }

// syncBuffer is a bytes.Buffer safe to write from the server goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestUserCreateReadsThePasswordFromStdin(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	args := []string{"user", "create", "--email", "Rita@Example.org", "--name", "Rita Responder", "--role", "responder", "--data-dir", dir}
	if err := run(context.Background(), args, noEnv, strings.NewReader("a long enough password\n"), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "created rita@example.org (responder)") || strings.Contains(out.String(), "password:") {
		t.Fatalf("output: %s", out.String())
	}
	db, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, hash, err := db.UserCredentials(context.Background(), "rita@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := auth.VerifyPassword(hash, "a long enough password"); !ok {
		t.Fatal("stored hash does not match the password given on stdin")
	}
}

func TestUserCreateGeneratesAPasswordAndRefusesBadInput(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	args := []string{"user", "create", "--email", "a@example.org", "--name", "A", "--role", "auditor", "--data-dir", dir}
	if err := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); err != nil {
		t.Fatalf("%v\n%s", err, errOut.String())
	}
	if !regexp.MustCompile(`password: [A-Z2-7]{26}\n`).MatchString(out.String()) {
		t.Fatalf("no generated password in: %s", out.String())
	}
	// The same email again, a bad role, a short or common password: each refused, naming the flag.
	for _, c := range []struct {
		args        []string
		stdin, flag string
	}{
		{[]string{"--email", "A@example.org", "--name", "B", "--role", "auditor"}, "", "--email"},
		{[]string{"--email", "b@example.org", "--name", "B", "--role", "boss"}, "", "--role"},
		{[]string{"--email", "c@example.org", "--name", "C", "--role", "auditor"}, "short\n", "--password"},
		{[]string{"--email", "d@example.org", "--name", "D", "--role", "auditor"}, "Qwerty123456\n", "--password this password is among the 10 000 most common"},
	} {
		errOut.Reset()
		args := append([]string{"user", "create"}, append(c.args, "--data-dir", dir)...)
		if err := run(context.Background(), args, noEnv, strings.NewReader(c.stdin), io.Discard, &errOut); err == nil {
			t.Errorf("%v: accepted", c.args)
		}
		if !strings.Contains(errOut.String(), c.flag) {
			t.Errorf("%v: stderr %q does not name %s", c.args, errOut.String(), c.flag)
		}
	}
}

func TestBadConfigurationStopsStartWithTheVariableNamed(t *testing.T) {
	env := func(k string) string {
		if k == "CASEWARD_ADDR" {
			return "not an address"
		}
		return ""
	}
	err := run(context.Background(), []string{"serve"}, env, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "CASEWARD_ADDR:") {
		t.Fatalf("err = %v", err)
	}
}

func TestCommonAdminPasswordStopsStart(t *testing.T) {
	env := func(k string) string {
		if k == "CASEWARD_ADMIN_PASSWORD" {
			return "Qwerty123456"
		}
		return ""
	}
	err := run(context.Background(), []string{"serve", "--data-dir", t.TempDir()}, env, strings.NewReader(""), io.Discard, io.Discard)
	if err == nil || !strings.HasPrefix(err.Error(), "CASEWARD_ADMIN_PASSWORD: this password is among the 10 000 most common") {
		t.Fatalf("err = %v", err)
	}
}

func TestServeCreatesTheFirstAdminAndStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--log-level", "error"}, noEnv, strings.NewReader(""), &out, io.Discard)
	}()
	addr := regexp.MustCompile(`serving on (http://\S+)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; time.Sleep(20 * time.Millisecond) {
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			t.Fatalf("server did not start: %s", out.String())
		}
	}
	if !regexp.MustCompile(`created admin@localhost with password [A-Z2-7]{26}`).MatchString(out.String()) {
		t.Fatalf("no first admin announced: %s", out.String())
	}
	res, err := http.Get(base + "/readyz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %v %v", res, err)
	}
	res.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after shutdown", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestVersion(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, noEnv, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "caseward ") {
		t.Fatalf("%q %v", out.String(), err)
	}
	// go test builds without the embedspa tag (make test checks the release
	// build says "(SPA embedded)": embed-check).
	if !strings.Contains(out.String(), "(SPA not embedded: serve it with CASEWARD_STATIC_DIR)") {
		t.Fatalf("version does not say whether the SPA is built in: %q", out.String())
	}
}

// twoAuditEvents creates an installation in dir whose audit trail holds two
// events (two accounts created).
func twoAuditEvents(t *testing.T, dir string) {
	t.Helper()
	for _, email := range []string{"a@example.org", "b@example.org"} {
		args := []string{"user", "create", "--email", email, "--name", "N", "--role", "auditor", "--data-dir", dir}
		if err := run(context.Background(), args, noEnv, strings.NewReader(""), io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
}

// alterSecondAuditEvent changes event 2 behind Caseward's back, as someone
// with the database file could.
func alterSecondAuditEvent(t *testing.T, dir string) {
	t.Helper()
	raw, err := sql.Open("sqlite", filepath.Join(dir, "caseward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{"DROP TRIGGER audit_events_no_update", "UPDATE audit_events SET actor_email = 'someone-else' WHERE seq = 2"} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAuditVerifyCommandFailsOnATamperedChain(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	twoAuditEvents(t, dir)
	var out bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("valid chain: %v", err)
	}
	if !strings.Contains(out.String(), "audit chain valid: 2 events verified") {
		t.Fatalf("output: %s", out.String())
	}

	alterSecondAuditEvent(t, dir)
	out.Reset()
	err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errChainBroken) || !strings.Contains(out.String(), "BROKEN at seq 2") {
		t.Fatalf("tampered chain: err %v, output %s", err, out.String())
	}
}

// `audit verify --record` keeps each result, as GET /audit/verify does, so an
// auditor's landing page shows a nightly check and a break it found.
func TestAuditVerifyRecordKeepsTheResult(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	twoAuditEvents(t, dir)
	last := func() *audit.Verification {
		t.Helper()
		db, err := store.OpenReadOnly(ctx, "", dir, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		v, err := db.LastAuditVerification(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if v := last(); v != nil {
		t.Fatalf("a check without --record was kept: %+v", v)
	}
	if err := run(ctx, []string{"audit", "verify", "--record", "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if v := last(); v == nil || !v.Result.Valid || v.Result.Checked != 2 || v.ByID != nil {
		t.Fatalf("recorded %+v, want a valid walk of 2 events by the command line", v)
	}

	alterSecondAuditEvent(t, dir)
	err := run(ctx, []string{"audit", "verify", "--record", "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard)
	if !errors.Is(err, errChainBroken) {
		t.Fatalf("tampered chain: %v", err)
	}
	if v := last(); v == nil || v.Result.Valid || v.Result.FirstInvalidSeq == nil || *v.Result.FirstInvalidSeq != 2 {
		t.Fatalf("recorded %+v, want the break at seq 2", v)
	}
}

func TestEvidenceVerifyAllReportsMissingAndAlteredFiles(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	// An empty installation verifies.
	if err := run(ctx, []string{"migrate", "--data-dir", dir}, noEnv, nil, io.Discard, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("empty store: %v", err)
	}
	if !strings.Contains(out.String(), "0 files checked, 0 problems") {
		t.Fatalf("output: %s", out.String())
	}
	// A stored file altered on disk is reported, with exit status 1.
	blobs := filepath.Join(dir, "blobs", "sha256")
	key := strings.Repeat("ab", 32)
	if err := os.MkdirAll(filepath.Join(blobs, "ab", "ab"), 0o750); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(blobs, "ab", "ab", key), []byte("not what was hashed"))
	raw, err := sql.Open("sqlite", filepath.Join(dir, "caseward.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('01936f6e-0000-7000-8000-000000000001', 'a@b.c', 'A', 'admin', 'x', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO cases (id, reference, title, category, severity, severity_rank, status, breach_status, owner_id, detected_at, aware_at, personal_data_involved, created_at, updated_at)
		 VALUES ('01936f6e-0000-7000-8000-0000000000c1', 'INC-2026-0001', 'T', 'malware', 'low', 1, 'reported', 'suspected', '01936f6e-0000-7000-8000-000000000001', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00', false, '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO evidence (id, case_id, title, kind, collected_at, collected_by_id, file_name, file_size, sha256, content_type, storage_key, created_at, updated_at)
		 VALUES ('01936f6e-0000-7000-8000-0000000000e1', '01936f6e-0000-7000-8000-0000000000c1', 'Altered', 'log', '2026-01-01 00:00:00+00:00', '01936f6e-0000-7000-8000-000000000001', 'f', 1, '` + key + `', 'text/plain', '` + key + `', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')`,
		`INSERT INTO evidence (id, case_id, title, kind, collected_at, collected_by_id, file_name, file_size, sha256, content_type, storage_key, created_at, updated_at)
		 VALUES ('01936f6e-0000-7000-8000-0000000000e2', '01936f6e-0000-7000-8000-0000000000c1', 'Missing', 'log', '2026-01-01 00:00:00+00:00', '01936f6e-0000-7000-8000-000000000001', 'g', 1, '` + strings.Repeat("cd", 32) + `', 'text/plain', '` + strings.Repeat("cd", 32) + `', '2026-01-01 00:00:00+00:00', '2026-01-01 00:00:00+00:00')`,
	} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	out.Reset()
	err = run(ctx, []string{"evidence", "verify-all", "--data-dir", dir}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errEvidenceProblems) {
		t.Fatalf("err = %v; output %s", err, out.String())
	}
	for _, want := range []string{`"Altered": expected ` + key + `, ALTERED`, `"Missing": expected ` + strings.Repeat("cd", 32) + `, MISSING`, "2 files checked, 2 problems"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestExportVerifyAcceptsAnExportAndRejectsOneChangedByte(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	key := installationExportKey(t, dir)
	body, _, err := export.JSON(key, export.Manifest{Kind: "case", Format: "json", CaseReference: "INC-2026-0001", ExportedAt: time.Now(), SchemaVersion: export.SchemaVersion},
		export.Content{Case: export.CaseJSON{Reference: "INC-2026-0001", Title: "Suspicious logins"}})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "export.json")
	writeFile(t, path, body)
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "verify", path}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("valid export refused: %v %s", err, out.String())
	}
	if !strings.Contains(out.String(), "valid: case export (json) of INC-2026-0001") {
		t.Fatalf("output: %s", out.String())
	}
	i := bytes.Index(body, []byte("Suspicious"))
	body[i] = 's'
	writeFile(t, path, body)
	out.Reset()
	err = run(ctx, []string{"export", "verify", path}, noEnv, nil, &out, io.Discard)
	if !errors.Is(err, errExportInvalid) || !strings.Contains(out.String(), "NOT VALID") {
		t.Fatalf("changed export: %v %s", err, out.String())
	}
}

func TestSeedGeneratesHistoryWithAValidAuditChain(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	var out bytes.Buffer
	if err := run(ctx, []string{"seed", "--cases", "40", "--batch", "15", "--data-dir", dir, "--log-level", "error"}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if !regexp.MustCompile(`32 users, 8 departments, 40 services, 4[0-8] cases, \d{3} notes`).MatchString(out.String()) {
		t.Fatalf("output: %s", out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"audit", "verify", "--data-dir", dir}, noEnv, nil, &out, io.Discard); err != nil {
		t.Fatalf("audit chain after seeding: %v %s", err, out.String())
	}
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, hash, err := db.UserCredentials(ctx, "responder.0@example.org"); err != nil {
		t.Fatal(err)
	} else if ok, _ := auth.VerifyPassword(hash, "caseward-seed-password"); !ok {
		t.Fatal("seeded users do not sign in with the documented password")
	}
	// Need-to-know costs something only when cases have teams: every
	// restricted case has one, and so do some of the others.
	var teamless, withTeam int
	err = db.SQL().QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM cases c WHERE c.restricted AND NOT EXISTS (SELECT 1 FROM case_members m WHERE m.case_id = c.id)),
		(SELECT count(DISTINCT case_id) FROM case_members)`).Scan(&teamless, &withTeam)
	if err != nil {
		t.Fatal(err)
	}
	if teamless != 0 || withTeam < 5 {
		t.Fatalf("restricted cases without a team: %d; cases with a team: %d of 40", teamless, withTeam)
	}
	checkSeededStory(t, db)
}

// checkSeededStory holds the seeded data to its own dates: cases opened
// across the history, each after its incident became known and numbered in
// the year it was opened; regulator clocks decided within days of their 72 hours;
// no service down for months; every department with something on its
// dashboard, and every plan status shown there.
func checkSeededStory(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	rows, err := db.SQL().QueryContext(ctx, `SELECT reference, created_at, aware_at, personal_data_involved,
		regulator_notified_at IS NOT NULL OR coalesce(regulator_decision_rationale, '') <> '' FROM cases`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	oldest := now
	for rows.Next() {
		var ref string
		var created, aware time.Time
		var personal, decided bool
		if err := rows.Scan(&ref, &created, &aware, &personal, &decided); err != nil {
			t.Fatal(err)
		}
		if created.Before(aware) || created.After(now) {
			t.Errorf("%s opened at %s, aware at %s", ref, created, aware)
		}
		if !strings.HasPrefix(ref, fmt.Sprintf("INC-%d-", created.Year())) {
			t.Errorf("%s opened in %d", ref, created.Year())
		}
		// A few notifications come late (up to about six days after awareness),
		// so a clock may run a little past its 72 hours, never for weeks.
		if personal && !decided && now.Sub(aware) > 6*24*time.Hour {
			t.Errorf("%s: regulator clock left running for %s", ref, now.Sub(aware).Round(time.Hour))
		}
		if created.Before(oldest) {
			oldest = created
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// A closed case closed last: nothing of it (note, regulator decision,
	// restoration, evidence) was recorded after its closing.
	var afterClose int
	err = db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM cases c WHERE c.status = 'closed' AND EXISTS (
		SELECT 1 FROM audit_events e WHERE e.case_id = c.id AND e.occurred_at > (
			SELECT max(t.occurred_at) FROM audit_events t WHERE t.case_id = c.id AND t.action = 'case.transition'))`).Scan(&afterClose)
	if err != nil {
		t.Fatal(err)
	}
	if afterClose != 0 {
		t.Errorf("%d closed cases have history after their closing", afterClose)
	}
	if now.Sub(oldest) < 600*24*time.Hour {
		t.Errorf("the oldest case was opened %s ago: cases should span the history", now.Sub(oldest).Round(time.Hour))
	}
	items, err := db.Dashboard(ctx, restoration.DashboardQuery{Scope: cases.Scope{All: true}, RestoredSince: now.Add(-restoration.RecentlyRestored)})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uuid.UUID, len(items))
	for i, it := range items {
		ids[i] = it.Suspension.ID
	}
	plans, err := db.Milestones(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	shown, statuses := map[uuid.UUID]bool{}, map[restoration.PlanStatus]int{}
	for _, it := range items {
		shown[it.DepartmentID] = true
		sp := it.Suspension
		statuses[restoration.Derive(sp, plans[sp.ID], now).PlanStatus]++
		if sp.Status == restoration.Active && now.Sub(sp.SuspendedAt) > 60*24*time.Hour {
			t.Errorf("%s down since %s", it.ServiceName, sp.SuspendedAt)
		}
	}
	if len(shown) != 8 {
		t.Errorf("%d of 8 departments have something on their dashboard", len(shown))
	}
	// What each head sees: their department's services, no restricted case.
	dashboards := restoration.NewService(db, audit.NewRecorder(db))
	for i := range 8 {
		head, _, err := db.UserCredentials(ctx, fmt.Sprintf("head.%d@example.org", i))
		if err != nil {
			t.Fatal(err)
		}
		as := identity.With(ctx, identity.Principal{UserID: head.ID, Role: string(head.Role), DepartmentID: head.DepartmentID})
		if items, err := dashboards.Dashboard(as); err != nil || len(items) == 0 {
			t.Errorf("%s sees %d suspensions on their dashboard (%v)", head.Name, len(items), err)
		}
	}
	var public, replannedByUpdate int
	err = db.SQL().QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM suspension_updates WHERE audience = 'public'),
		(SELECT count(*) FROM suspension_updates WHERE replan_id IS NOT NULL)`).Scan(&public, &replannedByUpdate)
	if err != nil {
		t.Fatal(err)
	}
	if public == 0 || replannedByUpdate == 0 {
		t.Errorf("public updates: %d, re-plans announced in an update: %d", public, replannedByUpdate)
	}
	for _, want := range []restoration.PlanStatus{restoration.NoPlan, restoration.OnTrack, restoration.AtRisk, restoration.Slipping} {
		if statuses[want] == 0 {
			t.Errorf("no %s plan on the dashboard: %v", want, statuses)
		}
	}
}

// installationExportKey migrates a SQLite installation in dir, as `caseward
// migrate` would, and returns the key it signs exports with.
func installationExportKey(t *testing.T, dir string) export.Key {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	key, err := db.ExportKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return key
}
