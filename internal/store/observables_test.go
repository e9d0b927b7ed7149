package store_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/observables"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

// observableFixture: an admin, a responder outside every case, a department
// head, and the services.
type observableFixture struct {
	db                     *store.DB
	admin, responder, head context.Context
	cs                     *cases.Service
	obs                    *observables.Service
}

func newObservableFixture(t *testing.T, db *store.DB) observableFixture {
	t.Helper()
	ctx, rec := signedInAdmin(t, db)
	us := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil })
	dept, err := directory.New(db, rec).CreateDepartment(ctx, "Kardiologia")
	if err != nil {
		t.Fatal(err)
	}
	as := func(name string, role users.Role) context.Context {
		var d *uuid.UUID
		if role == users.DepartmentHead {
			d = &dept.ID
		}
		u, _, err := us.Create(ctx, users.NewUser{Email: name + "@example.org", Name: name, Role: role, DepartmentID: d, Password: "long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		return identity.With(context.Background(), identity.Principal{UserID: u.ID, Email: u.Email, Role: string(u.Role), DepartmentID: u.DepartmentID})
	}
	return observableFixture{db: db, admin: ctx, responder: as("responder", users.Responder), head: as("head", users.DepartmentHead),
		cs: cases.NewService(db, rec), obs: observables.NewService(db, rec)}
}

func (f observableFixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Adding a value the case already holds merges into it (stricter markings,
// every tag, an indicator if either says so) instead of adding another; the
// audit trail has one create and one merge.
func TestObservableAddedTwiceMerges(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		c := newCase(t, f.cs, f.admin, "Phishing: Dział Płac")
		first, err := f.obs.Add(f.responder, c.ID, observables.Draft{Type: observables.IPv4, Value: "203.0.113[.]7", Tags: []string{"c2"}, TLP: observables.TLPGreen})
		if err != nil {
			t.Fatal(err)
		}
		if first.Merged || first.Value != "203.0.113.7" || first.TLP != observables.TLPGreen || first.PAP != observables.PAPAmber || first.Version != 1 {
			t.Fatalf("first add: %+v", first)
		}
		seen := time.Now().Add(-time.Hour).UTC().Truncate(time.Microsecond)
		second, err := f.obs.Add(f.responder, c.ID, observables.Draft{Type: observables.IPv4, Value: " 203.0.113.7", Tags: []string{"خادم", "c2"},
			TLP: observables.TLPRed, IOC: true, LastSeenAt: &seen, Source: "EDR"})
		if err != nil {
			t.Fatal(err)
		}
		if !second.Merged || second.ID != first.ID || second.TLP != observables.TLPRed || !second.IOC || second.Version != 2 ||
			len(second.Tags) != 2 || second.Source != "EDR" || second.LastSeenAt == nil || !second.LastSeenAt.Equal(seen) {
			t.Fatalf("merged: %+v", second)
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE case_id = $1", c.ID.String()); n != 1 {
			t.Fatalf("%d rows, want 1", n)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action IN ('observable.create', 'observable.merge')", first.ID.String()); n != 2 {
			t.Fatalf("%d audit events, want a create and a merge", n)
		}
		// The same again changes nothing and records nothing.
		again, err := f.obs.Add(f.responder, c.ID, observables.Draft{Type: observables.IPv4, Value: "203.0.113.7", TLP: observables.TLPClear})
		if err != nil || again.Version != 2 || again.TLP != observables.TLPRed {
			t.Fatalf("a repeat: %+v, %v", again, err)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE entity_id = $1", first.ID.String()); n != 2 {
			t.Fatalf("%d audit events after a repeat that changed nothing", n)
		}
	})
}

// A bulk add with one value that is not of its type names it and writes
// nothing; a valid one adds every value in one go, repeats merged.
func TestObservablesAddedTogetherOrNotAtAll(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		c := newCase(t, f.cs, f.admin, "Ransomware")
		before := f.count(t, "SELECT count(*) FROM audit_events")
		_, err := f.obs.AddAll(f.responder, c.ID, []observables.Draft{
			{Type: observables.Domain, Value: "evil[.]example"},
			{Type: observables.SHA256, Value: "not a hash"},
			{Type: observables.Email, Value: "a@b.example", TLP: "purple"},
		})
		if !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("bad items: %v, want invalid", err)
		}
		fields := map[string]bool{}
		var ae *apperr.Error
		if errors.As(err, &ae) {
			for _, fe := range ae.Fields {
				fields[fe.Field] = true
			}
		}
		if !fields["items.1.value"] || !fields["items.2.tlp"] || fields["items.0.value"] {
			t.Fatalf("fields at fault: %v", fields)
		}
		if n := f.count(t, "SELECT count(*) FROM observables"); n != 0 {
			t.Fatalf("%d observables stored after a refusal", n)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events"); n != before {
			t.Fatalf("audit events %d, was %d", n, before)
		}
		found := observables.Extract("From kadry@p1ace-firma[.]pl, see hxxps://login-firma[.]pl/owa and 198.51.100.4; again 198.51.100.4")
		ds := make([]observables.Draft, 0, len(found)+1)
		for _, v := range found {
			ds = append(ds, observables.Draft{Type: v.Type, Value: v.Value, Tags: []string{"phishing"}})
		}
		ds = append(ds, observables.Draft{Type: observables.IPv4, Value: "198.51.100[.]4", IOC: true})
		rs, err := f.obs.AddAll(f.responder, c.ID, ds)
		if err != nil {
			t.Fatal(err)
		}
		if len(rs) != 3 {
			t.Fatalf("%d results, want 3 (the repeat merged): %+v", len(rs), rs)
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE case_id = $1", c.ID.String()); n != 3 {
			t.Fatalf("%d observables stored, want 3", n)
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE case_id = $1 AND ioc", c.ID.String()); n != 1 {
			t.Fatalf("%d indicators, want the merged address", n)
		}
	})
}

// Sightings and the search across cases count only cases the caller may see;
// department heads read no observables.
func TestSightingsCountOnlyCasesTheCallerSees(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		a := newCase(t, f.cs, f.admin, "Case A")
		b := newCase(t, f.cs, f.admin, "Case B")
		secret, err := f.cs.Create(f.admin, cases.Case{Title: "Need to know", Category: "malware", Severity: "high", Restricted: true,
			DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []cases.Case{a, b, secret} {
			if _, err := f.obs.Add(f.admin, c.ID, observables.Draft{Type: observables.Domain, Value: "Evil.Example"}); err != nil {
				t.Fatal(err)
			}
		}
		for name, tc := range map[string]struct {
			ctx  context.Context
			want int
		}{"admin": {f.admin, 2}, "responder": {f.responder, 1}} {
			list, _, err := f.obs.List(tc.ctx, a.ID, uuid.Nil, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(list) != 1 || list[0].Sightings != tc.want {
				t.Errorf("%s: %+v, want %d sightings", name, list, tc.want)
			}
			found, _, err := f.obs.Search(tc.ctx, "evil[.]example", uuid.Nil, 50)
			if err != nil {
				t.Fatal(err)
			}
			if len(found) != tc.want+1 {
				t.Errorf("%s: search found %d, want %d", name, len(found), tc.want+1)
			}
			for _, s := range found {
				if s.CaseID == secret.ID && name == "responder" {
					t.Errorf("the responder found the restricted case's observable")
				}
			}
		}
		if _, _, err := f.obs.Search(f.responder, "  ", uuid.Nil, 50); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("an empty search: %v, want invalid", err)
		}
		if _, _, err := f.obs.List(f.head, a.ID, uuid.Nil, 50); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a department head listed observables: %v", err)
		}
		if _, _, err := f.obs.List(f.responder, secret.ID, uuid.Nil, 50); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("a responder listed a restricted case's observables: %v", err)
		}
	})
}

// A change needs the current version; a delete keeps the value in the audit
// trail; twenty adds of one value at once leave one row.
func TestObservableChangesAndRaces(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		c := newCase(t, f.cs, f.admin, "Exfiltration")
		r, err := f.obs.Add(f.responder, c.ID, observables.Draft{Type: observables.UserAccount, Value: `CORP\jan.kowalski`})
		if err != nil {
			t.Fatal(err)
		}
		red := observables.TLPRed
		if _, err := f.obs.Update(f.responder, r.ID, r.Version+1, observables.Change{TLP: &red}); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("a stale update: %v", err)
		}
		bad := observables.TLP("black")
		if _, err := f.obs.Update(f.responder, r.ID, r.Version, observables.Change{TLP: &bad}); !apperr.Is(err, apperr.Invalid) {
			t.Fatalf("an unknown TLP: %v", err)
		}
		up, err := f.obs.Update(f.responder, r.ID, r.Version, observables.Change{TLP: &red})
		if err != nil || up.TLP != red || up.Version != 2 {
			t.Fatalf("update: %+v, %v", up, err)
		}
		if err := f.obs.Delete(f.responder, r.ID, 1); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("a stale delete: %v", err)
		}
		if err := f.obs.Delete(f.responder, r.ID, 2); err != nil {
			t.Fatal(err)
		}
		if _, err := f.obs.Get(f.responder, r.ID); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("after delete: %v", err)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE entity_id = $1 AND action = 'observable.delete'", r.ID.String()); n != 1 {
			t.Fatalf("%d delete events", n)
		}
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for range 20 {
			wg.Go(func() {
				_, err := f.obs.Add(f.responder, c.ID, observables.Draft{Type: observables.MD5, Value: "D41D8CD98F00B204E9800998ECF8427E"})
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if n := f.count(t, "SELECT count(*) FROM observables WHERE type = 'md5'"); n != 1 {
			t.Fatalf("%d rows after 20 concurrent adds of one value", n)
		}
	})
}

// stixSchema is the OASIS STIX 2.1 bundle schema, from the copy in
// internal/observables/testdata.
func stixSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	const root = "../observables/testdata/stix2.1/schemas"
	const base = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/"
	c := jsonschema.NewCompiler()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		raw, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		rel, _ := filepath.Rel(root, path)
		return c.AddResource(base+filepath.ToSlash(rel), doc)
	})
	if err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(base + "common/bundle.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A case's indicators export as a STIX 2.1 bundle the OASIS schemas accept,
// one indicator per IOC with its pattern and TLP marking; TLP:RED values are
// left out unless the exporter includes them, and every export is audited
// saying which. The CSV holds every observable, cells defused.
func TestObservablesExportAsSTIXAndCSVWithoutRedUnlessAsked(t *testing.T) {
	t.Parallel()
	schema := stixSchema(t)
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newObservableFixture(t, db)
		c := newCase(t, f.cs, f.admin, "Wyciek: مستشفى")
		seen := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
		drafts := []observables.Draft{
			{Type: observables.IPv4, Value: "203.0.113.7", IOC: true, TLP: observables.TLPGreen, Tags: []string{"c2"}, FirstSeenAt: &seen},
			{Type: observables.CIDR, Value: "2001:db8::/32", IOC: true},
			{Type: observables.Domain, Value: "żółw.pl", IOC: true, TLP: observables.TLPAmberStrict, Description: "Strona phishingowa"},
			{Type: observables.URL, Value: "https://evil.example/it's", IOC: true, TLP: observables.TLPClear},
			{Type: observables.Email, Value: "kadry@p1ace.example", IOC: true},
			{Type: observables.MD5, Value: strings.Repeat("a", 32), IOC: true},
			{Type: observables.SHA1, Value: strings.Repeat("b", 40), IOC: true},
			{Type: observables.SHA256, Value: strings.Repeat("c", 64), IOC: true, TLP: observables.TLPRed},
			{Type: observables.FileName, Value: `C:\Temp\=run.ps1`, IOC: true},
			{Type: observables.UserAccount, Value: `CORP\jan`, IOC: true},
			{Type: observables.Other, Value: "mutex Global\\x", IOC: true},
			{Type: observables.Hostname, Value: "filesrv01"},
			{Type: observables.FileName, Value: "=HYPERLINK(\"http://x\")"},
		}
		if _, err := f.obs.AddAll(f.responder, c.ID, drafts); err != nil {
			t.Fatal(err)
		}
		type bundle struct {
			Type    string           `json:"type"`
			Objects []map[string]any `json:"objects"`
		}
		check := func(includeRed bool, wantIndicators, wantWithheld int) {
			t.Helper()
			out, err := f.obs.Export(f.responder, c.ID, observables.FormatSTIX, includeRed)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Body))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(doc); err != nil {
				t.Fatalf("the bundle breaks the STIX 2.1 schema: %v\n%s", err, out.Body)
			}
			var b bundle
			if err := json.Unmarshal(out.Body, &b); err != nil {
				t.Fatal(err)
			}
			patterns := map[string]bool{}
			for _, o := range b.Objects {
				if o["type"] == "indicator" {
					patterns[o["pattern"].(string)] = true
				}
			}
			if len(patterns) != wantIndicators || out.Count != wantIndicators || out.Withheld != wantWithheld || out.Skipped != 1 {
				t.Fatalf("include red %v: %d indicators (count %d, withheld %d, skipped %d): %v", includeRed, len(patterns), out.Count, out.Withheld, out.Skipped, patterns)
			}
			for _, p := range []string{"[ipv4-addr:value = '203.0.113.7']", "[ipv6-addr:value = '2001:db8::/32']", "[domain-name:value = 'xn--w-uga1v8h.pl']",
				`[url:value = 'https://evil.example/it\'s']`, "[file:hashes.'SHA-1' = '" + strings.Repeat("b", 40) + "']", `[file:name = 'C:\\Temp\\=run.ps1']`,
				`[user-account:account_login = 'CORP\\jan']`} {
				if !patterns[p] {
					t.Errorf("no indicator %s", p)
				}
			}
			if red := patterns["[file:hashes.'SHA-256' = '"+strings.Repeat("c", 64)+"']"]; red != includeRed {
				t.Errorf("include red %v: the TLP:RED hash exported %v", includeRed, red)
			}
		}
		check(false, 9, 1)
		check(true, 10, 0)
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE action = 'observable.export' AND case_id = $1", c.ID.String()); n != 2 {
			t.Fatalf("%d export events, want 2", n)
		}
		if n := f.count(t, "SELECT count(*) FROM audit_events WHERE action = 'observable.export' AND case_id = $1 AND changes LIKE '%\"include_red\":[null,true]%'", c.ID.String()); n != 1 {
			t.Fatalf("%d exports audited as including red values, want 1", n)
		}
		csvOut, err := f.obs.Export(f.admin, c.ID, observables.FormatCSV, false)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(bytes.NewReader(csvOut.Body)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != 1+len(drafts)-1 || csvOut.Withheld != 1 {
			t.Fatalf("%d CSV rows (withheld %d), want a header and %d", len(rows), csvOut.Withheld, len(drafts)-1)
		}
		if !strings.Contains(string(csvOut.Body), `'=HYPERLINK`) || strings.Contains(string(csvOut.Body), strings.Repeat("c", 64)) {
			t.Errorf("the CSV is not defused or holds the red value:\n%s", csvOut.Body)
		}
		if _, err := f.obs.Export(f.head, c.ID, observables.FormatCSV, false); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("a department head exported observables: %v", err)
		}
		if _, err := f.obs.Export(f.admin, c.ID, "xml", false); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("an unknown format: %v", err)
		}
	})
}
