package api_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// The dashboard is rendered once for readers who see the same, but a change
// shows at once, and a department head never gets the admin's dashboard.
func TestDashboardShowsAChangeAtOnceAndNeverAnotherReadersDashboard(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		finance := s.createDepartment(f.admin, "Finance")
		var payroll service
		s.do(http.MethodPost, "/api/v1/services", map[string]string{"name": "Payroll", "department_id": finance.ID}, bearer(f.admin)...).json(&payroll)
		other := s.createCase(f.admin, caseBody("Payroll fraud attempt", nil))
		s.do(http.MethodPost, "/api/v1/cases/"+other.ID+"/suspensions", map[string]any{"service_id": payroll.ID, "reason": "r", "decided_by": "CFO"}, bearer(f.admin)...)
		pw := "a long enough password"
		s.createUser(f.admin, map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head", "department_id": f.dept.ID, "password": pw})
		head := s.signInAs(t, "head@example.org", pw).AccessToken

		type dash struct {
			Items []struct {
				Suspension struct {
					ID                    string  `json:"id"`
					ExpectedRestorationAt *string `json:"expected_restoration_at"`
					Version               int     `json:"version"`
				} `json:"suspension"`
				ServiceName string `json:"service_name"`
			} `json:"items"`
		}
		read := func(token string) dash {
			var d dash
			r := s.do(http.MethodGet, "/api/v1/dashboard/restoration", nil, bearer(token)...)
			if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("dashboard: %d %q %s", r.StatusCode, r.Header.Get("Content-Type"), r.body)
			}
			r.json(&d)
			return d
		}
		// The admin's dashboard first: the head still sees only their department.
		if d := read(f.admin); len(d.Items) != 1 || d.Items[0].ServiceName != "Payroll" {
			t.Fatalf("admin before: %+v", d.Items)
		}
		if d := read(head); len(d.Items) != 0 {
			t.Fatalf("head before: %+v", d.Items)
		}
		var sp suspension
		f.suspend(nil).json(&sp)
		// Read straight after the change: there, for both.
		if d := read(head); len(d.Items) != 1 || d.Items[0].ServiceName != "Revalidation Toolkit" {
			t.Fatalf("head after suspending: %+v", d.Items)
		}
		if d := read(f.admin); len(d.Items) != 2 {
			t.Fatalf("admin after suspending: %+v", d.Items)
		}
		later := time.Now().UTC().Add(40 * 24 * time.Hour).Truncate(time.Second).Format(time.RFC3339)
		r := s.do(http.MethodPatch, "/api/v1/suspensions/"+sp.ID, map[string]any{"expected_restoration_at": later, "replan_reason": "Supplier patch late"},
			append(bearer(f.admin), "If-Match", `"1"`)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("re-plan: %d %s", r.StatusCode, r.body)
		}
		d := read(head)
		if len(d.Items) != 1 || d.Items[0].Suspension.ExpectedRestorationAt == nil || *d.Items[0].Suspension.ExpectedRestorationAt != later {
			t.Fatalf("head after the re-plan: %+v", d.Items)
		}
	})
}

// A browser (which always accepts gzip) gets the dashboard gzipped; a client
// that does not say so gets it plain; both the same JSON.
func TestDashboardIsGzippedForClientsThatAcceptIt(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		f.suspend(nil)
		get := func(acceptEncoding string) (*http.Response, []byte) {
			req, _ := http.NewRequest(http.MethodGet, f.s.url+"/api/v1/dashboard/restoration", nil)
			req.Header.Set("Authorization", "Bearer "+f.admin)
			if acceptEncoding != "" {
				req.Header.Set("Accept-Encoding", acceptEncoding)
			}
			res, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			body, err := io.ReadAll(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != http.StatusOK || res.Header.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("%d, Vary %q: %s", res.StatusCode, res.Header.Get("Vary"), body)
			}
			return res, body
		}
		plainRes, plain := get("")
		if plainRes.Header.Get("Content-Encoding") != "" || !json.Valid(plain) {
			t.Fatalf("plain: %q %.100s", plainRes.Header.Get("Content-Encoding"), plain)
		}
		if res, _ := get("gzip;q=0, identity"); res.Header.Get("Content-Encoding") != "" {
			t.Fatal("gzip refused with q=0 but sent")
		}
		zipRes, zipped := get("gzip, deflate, br")
		if zipRes.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("Content-Encoding %q", zipRes.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(bytes.NewReader(zipped))
		if err != nil {
			t.Fatal(err)
		}
		unzipped, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		// The same dashboard (when it was generated aside: a second may have passed).
		var a, b map[string]any
		if err := json.Unmarshal(unzipped, &a); err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(plain, &b); err != nil {
			t.Fatal(err)
		}
		delete(a, "generated_at")
		delete(b, "generated_at")
		if !reflect.DeepEqual(a, b) || len(a["items"].([]any)) != 1 {
			t.Fatalf("gzipped body differs:\n%s\n%s", unzipped, plain)
		}
	})
}
