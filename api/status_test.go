package api_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/api/httpx"
	"github.com/caseward/caseward/internal/status"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type statusUpdateDoc struct {
	ID         string  `json:"id"`
	Body       string  `json:"body"`
	At         string  `json:"at"`
	CorrectsAt *string `json:"corrects_at"`
	Corrected  bool    `json:"corrected"`
}

type statusServiceDoc struct {
	PublicName string            `json:"public_name"`
	State      string            `json:"state"`
	Since      *string           `json:"since"`
	Expected   *string           `json:"expected_restoration_at"`
	Baseline   *string           `json:"baseline_restoration_at"`
	Updates    []statusUpdateDoc `json:"updates"`
}

type statusPageDoc struct {
	GeneratedAt string             `json:"generated_at"`
	Services    []statusServiceDoc `json:"services"`
}

// testClock is a clock the test moves.
type testClock struct{ at atomic.Pointer[time.Time] }

func newTestClock() *testClock {
	c := &testClock{}
	c.set(time.Now().UTC())
	return c
}

func (c *testClock) Now() time.Time          { return *c.at.Load() }
func (c *testClock) set(t time.Time)         { c.at.Store(&t) }
func (c *testClock) advance(d time.Duration) { c.set(c.Now().Add(d)) }

// countingStatusStore counts the database reads behind the status answers.
type countingStatusStore struct {
	status.Store
	snapshots, feeds atomic.Int32
}

func (c *countingStatusStore) StatusSnapshot(ctx context.Context, since time.Time, per int) (status.Snapshot, error) {
	c.snapshots.Add(1)
	return c.Store.StatusSnapshot(ctx, since, per)
}

func (c *countingStatusStore) StatusFeed(ctx context.Context, limit int) ([]status.FeedEntry, error) {
	c.feeds.Add(1)
	return c.Store.StatusFeed(ctx, limit)
}

// withStatusClock serves every later request with a status page read through
// a counting store, by clock.
func (s *server) withStatusClock(clock *testClock) *countingStatusStore {
	s.t.Helper()
	st := &countingStatusStore{Store: s.db}
	s.deps.Status = status.NewService(st, clock.Now)
	s.echo = buildEcho(s.t, s.deps)
	s.serving.Store(s.echo)
	return st
}

// insertUpdate adds a suspension update row with plain SQL, at the time
// given (the API stamps its own, and refuses some rows the status page must
// still render safely, such as a public correction of an internal update).
// Updates posted through the API: TestPublicUpdatesPostedThroughTheAPIReachTheStatusPage.
// It returns the row's id.
func insertUpdate(t *testing.T, db *store.DB, suspensionID, authorID, audience, body string, at time.Time, correctsID string) string {
	t.Helper()
	id := uuid.Must(uuid.NewV7()).String()
	q := `INSERT INTO suspension_updates (id, suspension_id, audience, body, corrects_id, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`
	if db.Dialect() == store.Postgres {
		q = `INSERT INTO suspension_updates (id, suspension_id, audience, body, corrects_id, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`
	}
	var corrects any
	if correctsID != "" {
		corrects = correctsID
	}
	if _, err := db.SQL().Exec(q, id, suspensionID, audience, body, corrects, authorID, at.UTC()); err != nil {
		t.Fatalf("insert update: %v", err)
	}
	return id
}

func (s *server) statusPage() statusPageDoc {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/status", nil)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("status: %d %s", r.StatusCode, r.body)
	}
	var p statusPageDoc
	r.json(&p)
	return p
}

func (s *server) createPublicService(admin, deptID, name, publicName string) service {
	s.t.Helper()
	body := map[string]any{"name": name, "department_id": deptID}
	if publicName != "" {
		body["public_name"] = publicName
	}
	r := s.do(http.MethodPost, "/api/v1/services", body, bearer(admin)...)
	if r.StatusCode != http.StatusCreated {
		s.t.Fatalf("create service: %d %s", r.StatusCode, r.body)
	}
	var svc service
	r.json(&svc)
	return svc
}

func (f restorationFixture) suspendService(serviceID string, extra map[string]any) suspension {
	body := map[string]any{"service_id": serviceID}
	for k, v := range extra {
		body[k] = v
	}
	f.service.ID = serviceID
	r := f.suspend(body)
	if r.StatusCode != http.StatusCreated {
		f.s.t.Fatalf("suspend: %d %s", r.StatusCode, r.body)
	}
	var sp suspension
	r.json(&sp)
	return sp
}

func sameInstant(t *testing.T, got *string, want string) {
	t.Helper()
	if got == nil {
		t.Fatalf("time is null, want %s", want)
	}
	g, err1 := time.Parse(time.RFC3339Nano, *got)
	w, err2 := time.Parse(time.RFC3339Nano, want)
	if err1 != nil || err2 != nil || !g.Equal(w) {
		t.Fatalf("time %s, want %s", *got, want)
	}
}

func TestStatusShowsPublicServicesOnlyThroughTheirStates(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		clock := newTestClock()
		reads := s.withStatusClock(clock)
		// f.service has no public name: it never appears, suspended or not.
		f.suspend(nil)
		portal := s.createPublicService(f.admin, f.dept.ID, "Revalidation Toolkit backend", "Revalidation portal")
		s.createPublicService(f.admin, f.dept.ID, "Appointments API", "appointments")

		p := s.statusPage()
		if len(p.Services) != 2 || p.Services[0].PublicName != "appointments" || p.Services[1].PublicName != "Revalidation portal" {
			t.Fatalf("services: %+v", p.Services)
		}
		for _, l := range p.Services {
			if l.State != "operational" || l.Since != nil || l.Expected != nil || l.Baseline != nil || len(l.Updates) != 0 {
				t.Fatalf("operational service: %+v", l)
			}
		}

		// Suspended: since when, expected and originally expected.
		suspendedAt := ago(3 * 24 * time.Hour)
		sp := f.suspendService(portal.ID, map[string]any{"suspended_at": suspendedAt, "expected_restoration_at": inDays(10)})
		var planned plannedSuspension
		r := s.do(http.MethodPatch, "/api/v1/suspensions/"+sp.ID, map[string]any{"expected_restoration_at": inDays(20), "replan_reason": "Supplier patch late"}, ifMatch(f.admin, sp.Version)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("re-plan: %d %s", r.StatusCode, r.body)
		}
		r.json(&planned)
		first := insertUpdate(t, db, sp.ID, s.admin.ID.String(), "public", "We have taken the portal offline as a precaution.", clock.Now().Add(-2*time.Hour), "")
		insertUpdate(t, db, sp.ID, s.admin.ID.String(), "internal", "Internal: supplier is slow", clock.Now().Add(-time.Hour), "")
		fix := insertUpdate(t, db, sp.ID, s.admin.ID.String(), "public", "Correction: the portal, not the app.", clock.Now().Add(-30*time.Minute), first)

		if p := s.statusPage(); p.Services[1].State != "operational" {
			t.Fatalf("within 30 s the cached page is served: %+v", p.Services[1])
		}
		clock.advance(31 * time.Second)
		l := s.statusPage().Services[1]
		if l.State != "suspended" || l.PublicName != "Revalidation portal" {
			t.Fatalf("suspended service: %+v", l)
		}
		sameInstant(t, l.Since, suspendedAt)
		sameInstant(t, l.Expected, *planned.ExpectedRestorationAt)
		sameInstant(t, l.Baseline, *planned.BaselineRestorationAt)
		if len(l.Updates) != 2 || l.Updates[0].ID != fix || l.Updates[1].ID != first {
			t.Fatalf("public updates, newest first: %+v", l.Updates)
		}
		if l.Updates[0].CorrectsAt == nil || !l.Updates[1].Corrected || l.Updates[0].Corrected || l.Updates[1].CorrectsAt != nil {
			t.Fatalf("the correction is shown as one: %+v", l.Updates)
		}
		sameInstant(t, l.Updates[0].CorrectsAt, l.Updates[1].At)

		// Restored: since the restoration, for 30 days, with its updates.
		r = s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/restore", map[string]any{"note": "Back"}, bearer(f.admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("restore: %d %s", r.StatusCode, r.body)
		}
		var restored struct {
			RestoredAt string `json:"restored_at"`
		}
		r.json(&restored)
		clock.advance(31 * time.Second)
		l = s.statusPage().Services[1]
		if l.State != "restored" || l.Expected != nil || len(l.Updates) != 2 {
			t.Fatalf("restored service: %+v", l)
		}
		sameInstant(t, l.Since, restored.RestoredAt)

		clock.advance(29*24*time.Hour + 23*time.Hour)
		if l := s.statusPage().Services[1]; l.State != "restored" {
			t.Fatalf("29 days 23 hours after: %+v", l)
		}
		clock.advance(2 * time.Hour)
		if l := s.statusPage().Services[1]; l.State != "operational" || l.Since != nil || len(l.Updates) != 0 {
			t.Fatalf("30 days after: %+v", l)
		}
		if n := reads.snapshots.Load(); n != 5 {
			t.Fatalf("database reads = %d, want 5 (one per 30 s at most)", n)
		}
	})
}

// TestStatusNamesNothingInternal seeds every private field with a marker and
// proves none reaches the page or the feed.
func TestStatusNamesNothingInternal(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "MARKER-DEPARTMENT")
		svc := s.createPublicService(admin, dept.ID, "MARKER-INTERNAL-SERVICE-NAME", "Citizen portal")
		kase := s.createCase(admin, caseBody("MARKER-CASE-TITLE", map[string]any{"summary": "MARKER-CASE-SUMMARY"}))
		f := restorationFixture{s: s, admin: admin, dept: dept, service: svc, kase: kase}
		sp := f.suspendService(svc.ID, map[string]any{"reason": "MARKER-REASON", "decided_by": "MARKER-DECIDED-BY",
			"impact": "MARKER-IMPACT", "workaround": "MARKER-WORKAROUND"})
		insertUpdate(t, db, sp.ID, s.admin.ID.String(), "internal", "MARKER-INTERNAL-UPDATE", time.Now(), "")
		public := insertUpdate(t, db, sp.ID, s.admin.ID.String(), "public", "The portal is offline.", time.Now().Add(-time.Minute), "")
		// A "correction" that is public but corrects an internal update does
		// not reveal the internal one's time either.
		internal := insertUpdate(t, db, sp.ID, s.admin.ID.String(), "internal", "MARKER-INTERNAL-UPDATE-2", time.Now().Add(-2*time.Minute), "")
		insertUpdate(t, db, sp.ID, s.admin.ID.String(), "public", "We are working on it.", time.Now(), internal)

		page := s.do(http.MethodGet, "/api/v1/status", nil)
		feed := s.do(http.MethodGet, "/status.atom", nil)
		if page.StatusCode != http.StatusOK || feed.StatusCode != http.StatusOK {
			t.Fatalf("status %d, feed %d", page.StatusCode, feed.StatusCode)
		}
		secrets := []string{"MARKER", kase.Reference, kase.ID, sp.ID, dept.ID, svc.ID, s.admin.ID.String(), adminEmail, "Ada Admin", "Chief Information"}
		for what, body := range map[string]string{"page": string(page.body), "feed": string(feed.body)} {
			for _, secret := range secrets {
				if strings.Contains(body, secret) {
					t.Errorf("the %s names %q:\n%s", what, secret, body)
				}
			}
			if !strings.Contains(body, "Citizen portal") || !strings.Contains(body, public) {
				t.Errorf("the %s lacks the public service or update:\n%s", what, body)
			}
		}
		var p statusPageDoc
		page.json(&p)
		for _, u := range p.Services[0].Updates {
			if u.CorrectsAt != nil {
				t.Errorf("a correction of an internal update shows as a correction: %+v", u)
			}
		}
	})
}

func TestStatusAnswersCarryETagAndNotModified(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Digital")
		s.createPublicService(admin, dept.ID, "Portal", "Portal")
		for _, path := range []string{"/api/v1/status", "/status.atom"} {
			r := s.do(http.MethodGet, path, nil)
			tag := r.Header.Get("ETag")
			if r.StatusCode != http.StatusOK || tag == "" || r.Header.Get("Cache-Control") != "public, max-age=30" {
				t.Fatalf("%s: %d, ETag %q, Cache-Control %q", path, r.StatusCode, tag, r.Header.Get("Cache-Control"))
			}
			for _, inm := range []string{tag, `"other", ` + tag, strings.TrimPrefix(tag, "W/"), "*"} {
				r := s.do(http.MethodGet, path, nil, "If-None-Match", inm)
				if r.StatusCode != http.StatusNotModified || len(r.body) != 0 || r.Header.Get("ETag") != tag || r.Header.Get("Cache-Control") != "public, max-age=30" {
					t.Fatalf("%s If-None-Match %s: %d %q", path, inm, r.StatusCode, r.body)
				}
			}
			if r := s.do(http.MethodGet, path, nil, "If-None-Match", `W/"stale"`); r.StatusCode != http.StatusOK || len(r.body) == 0 {
				t.Fatalf("%s with a stale tag: %d", path, r.StatusCode)
			}
		}
		s.do(http.MethodGet, "/api/v1/status", nil, "If-None-Match", `"`+strings.Repeat("x", 1100)+`"`).problem(t, http.StatusUnprocessableEntity)
	})
}

// TestStatusHerdReadsTheDatabaseOncePerTTL: however many ask at once, one
// read; the next read only after 30 s by the (injected) clock.
func TestStatusHerdReadsTheDatabaseOncePerTTL(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		clock := newTestClock()
		reads := s.withStatusClock(clock)
		herd := func(path string) {
			var wg sync.WaitGroup
			codes := make([]int, 40)
			for i := range codes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					res, err := http.Get(s.url + path)
					if err != nil {
						t.Error(err)
						return
					}
					res.Body.Close()
					codes[i] = res.StatusCode
				}()
			}
			wg.Wait()
			for _, c := range codes {
				if c != http.StatusOK {
					t.Fatalf("%s: %v", path, codes)
				}
			}
		}
		herd("/api/v1/status")
		herd("/status.atom")
		if a, b := reads.snapshots.Load(), reads.feeds.Load(); a != 1 || b != 1 {
			t.Fatalf("after 40 parallel requests each: %d page reads, %d feed reads; want 1 and 1", a, b)
		}
		clock.advance(29 * time.Second)
		herd("/api/v1/status")
		herd("/status.atom")
		if a, b := reads.snapshots.Load(), reads.feeds.Load(); a != 1 || b != 1 {
			t.Fatalf("29 s later: %d page reads, %d feed reads; want 1 and 1", a, b)
		}
		clock.advance(2 * time.Second)
		herd("/api/v1/status")
		herd("/status.atom")
		if a, b := reads.snapshots.Load(), reads.feeds.Load(); a != 2 || b != 2 {
			t.Fatalf("31 s later: %d page reads, %d feed reads; want 2 and 2", a, b)
		}
	})
}

func TestStatusAnswersAreCompressedForClientsThatTakeGzip(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Digital")
		s.createPublicService(admin, dept.ID, "Portal", "Portal")
		raw := &http.Client{Transport: &http.Transport{DisableCompression: true}}
		for _, path := range []string{"/api/v1/status", "/status.atom"} {
			get := func(encoding string) (*http.Response, []byte) {
				req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
				if encoding != "" {
					req.Header.Set("Accept-Encoding", encoding)
				}
				res, err := raw.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				defer res.Body.Close()
				b, _ := io.ReadAll(res.Body)
				return res, b
			}
			plainRes, plain := get("")
			zipRes, zipped := get("br, gzip;q=0.8")
			offRes, _ := get("gzip;q=0")
			if plainRes.Header.Get("Content-Encoding") != "" || offRes.Header.Get("Content-Encoding") != "" ||
				zipRes.Header.Get("Content-Encoding") != "gzip" || zipRes.Header.Get("Vary") != "Accept-Encoding" {
				t.Fatalf("%s: encodings %q %q %q", path, plainRes.Header.Get("Content-Encoding"), zipRes.Header.Get("Content-Encoding"), offRes.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(bytes.NewReader(zipped))
			if err != nil {
				t.Fatal(err)
			}
			unzipped, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(unzipped, plain) || plainRes.Header.Get("ETag") != zipRes.Header.Get("ETag") {
				t.Fatalf("%s: the gzip answer differs from the plain one (%v)", path, err)
			}
		}
	})
}

// TestStatusAnswersKeepTheAddressRateLimit: public, but not unlimited; the
// feed, outside /api/, counts like the API.
func TestStatusAnswersKeepTheAddressRateLimit(t *testing.T) {
	t.Parallel()
	s := newServerWithLimits(t, dbtest.Open(t, store.SQLite), httpx.Limits{IPRate: 0.1, IPBurst: 2})
	for _, path := range []string{"/api/v1/status", "/status.atom"} {
		if r := s.do(http.MethodGet, path, nil); r.StatusCode != http.StatusOK || r.Header.Get("RateLimit-Limit") != "2" {
			t.Fatalf("%s: %d, RateLimit-Limit %q", path, r.StatusCode, r.Header.Get("RateLimit-Limit"))
		}
	}
	s.do(http.MethodGet, "/status.atom", nil).problem(t, http.StatusTooManyRequests)
	s.do(http.MethodGet, "/api/v1/status", nil).problem(t, http.StatusTooManyRequests)
}

// TestCancelledSuspensionsLeaveTheServiceOperational: a suspension called
// off is not a state the public sees.
func TestCancelledSuspensionsLeaveTheServiceOperational(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		svc := f.s.createPublicService(f.admin, f.dept.ID, "Portal backend", "Portal")
		sp := f.suspendService(svc.ID, nil)
		insertUpdate(t, db, sp.ID, f.s.admin.ID.String(), "public", "Offline for a check.", time.Now(), "")
		r := f.s.do(http.MethodPost, "/api/v1/suspensions/"+sp.ID+"/cancel", map[string]any{}, bearer(f.admin)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("cancel: %d %s", r.StatusCode, r.body)
		}
		if l := f.s.statusPage().Services[0]; l.State != "operational" || l.Since != nil || len(l.Updates) != 0 {
			t.Fatalf("after cancelling: %+v", l)
		}
	})
}

type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  struct {
		Name string `xml:"name"`
	} `xml:"author"`
	Links []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Content string `xml:"content"`
	} `xml:"entry"`
}

func TestStatusFeedIsAtomWithEscapedText(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		f := newRestorationFixture(t, db)
		s := f.s
		portal := s.createPublicService(f.admin, f.dept.ID, "Tax backend", "بوابة الضرائب <&>")
		other := s.createPublicService(f.admin, f.dept.ID, "Mail", "Mail")
		sp := f.suspendService(portal.ID, nil)
		sp2 := f.suspendService(other.ID, nil)
		now := time.Now().UTC().Truncate(time.Second)
		older := insertUpdate(t, db, sp.ID, s.admin.ID.String(), "public", `الخدمة متوقفة "مؤقتاً" <b>&amp;</b>`, now.Add(-time.Hour), "")
		insertUpdate(t, db, sp.ID, s.admin.ID.String(), "internal", "internal only", now.Add(-30*time.Minute), "")
		newer := insertUpdate(t, db, sp2.ID, s.admin.ID.String(), "public", "Mail is back soon.", now, "")

		r := s.do(http.MethodGet, "/status.atom", nil)
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
			t.Fatalf("feed: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
		}
		if !strings.Contains(string(r.body), "&lt;b&gt;&amp;amp;&lt;/b&gt;") {
			t.Fatalf("body not escaped:\n%s", r.body)
		}
		var feed atomDoc
		if err := xml.Unmarshal(r.body, &feed); err != nil {
			t.Fatalf("not XML: %v\n%s", err, r.body)
		}
		if !strings.HasPrefix(feed.ID, "urn:uuid:") || feed.Title == "" || feed.Author.Name == "" || len(feed.Links) == 0 {
			t.Fatalf("feed head: %+v", feed)
		}
		if len(feed.Entries) != 2 {
			t.Fatalf("entries: %+v", feed.Entries)
		}
		e0, e1 := feed.Entries[0], feed.Entries[1]
		if e0.ID != "urn:uuid:"+newer || e1.ID != "urn:uuid:"+older {
			t.Fatalf("entries not newest first with their urn: %s, %s", e0.ID, e1.ID)
		}
		if e1.Title != "بوابة الضرائب <&>: suspended" || e1.Content != `الخدمة متوقفة "مؤقتاً" <b>&amp;</b>` {
			t.Fatalf("entry text: %q / %q", e1.Title, e1.Content)
		}
		if feed.Updated != now.Format(time.RFC3339) || e0.Updated != now.Format(time.RFC3339) {
			t.Fatalf("updated: feed %s, entry %s, want %s", feed.Updated, e0.Updated, now.Format(time.RFC3339))
		}
	})
}

func TestPublicNameIsForAdminsUniqueAndAudited(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin, responder := tokens["admin"], tokens["responder"]
		dept := s.createDepartment(admin, "Digital")
		lodz := s.createPublicService(admin, dept.ID, "Łódź backend", "Łódź portal")
		if lodz.PublicName == nil || *lodz.PublicName != "Łódź portal" {
			t.Fatalf("created: %+v", lodz)
		}
		svc := s.createPublicService(admin, dept.ID, "Mail relay", "")
		if svc.PublicName != nil {
			t.Fatalf("no public name reads null: %+v", svc)
		}
		path := "/api/v1/services/" + svc.ID

		// A responder may change the service, but not its public name.
		s.do(http.MethodPatch, path, map[string]any{"public_name": "Mail"}, ifMatch(responder, svc.Version)...).problem(t, http.StatusForbidden)
		s.do(http.MethodPost, "/api/v1/services", map[string]any{"name": "Other", "department_id": dept.ID, "public_name": "Other"}, bearer(responder)...).problem(t, http.StatusForbidden)
		r := s.do(http.MethodPatch, path, map[string]any{"description": "SMTP", "public_name": nil}, ifMatch(responder, svc.Version)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("responder leaving the public name as it is: %d %s", r.StatusCode, r.body)
		}
		r.json(&svc)

		// Unique, ignoring case (Unicode too); too long is a 422.
		p := s.do(http.MethodPatch, path, map[string]any{"public_name": "  łÓDŹ PORTAL "}, ifMatch(admin, svc.Version)...).problem(t, http.StatusConflict)
		if len(p.Errors) != 1 || p.Errors[0].Field != "public_name" {
			t.Fatalf("clash: %+v", p)
		}
		s.do(http.MethodPatch, path, map[string]any{"public_name": strings.Repeat("ą", 201)}, ifMatch(admin, svc.Version)...).problem(t, http.StatusUnprocessableEntity)
		s.do(http.MethodPatch, path, map[string]any{"public_name": "Mail\nrelay"}, ifMatch(admin, svc.Version)...).problem(t, http.StatusUnprocessableEntity)
		var again service
		s.do(http.MethodGet, path, nil, bearer(admin)...).json(&again)
		if again.PublicName != nil || again.Version != svc.Version {
			t.Fatalf("a refused change changed the service: %+v", again)
		}

		r = s.do(http.MethodPatch, path, map[string]any{"public_name": strings.Repeat("ą", 199) + "x"}, ifMatch(admin, svc.Version)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("admin sets the public name: %d %s", r.StatusCode, r.body)
		}
		r.json(&svc)
		if svc.PublicName == nil || *svc.PublicName != strings.Repeat("ą", 199)+"x" {
			t.Fatalf("public name: %v", svc.PublicName)
		}
		events := s.auditEvents(admin, "service.update")
		if len(events) == 0 || *events[0].EntityID != svc.ID || fmt.Sprint(events[0].Changes["public_name"]) != fmt.Sprint([]any{nil, *svc.PublicName}) {
			t.Fatalf("audit: %+v", events)
		}

		r = s.do(http.MethodPatch, path, map[string]any{"public_name": ""}, ifMatch(admin, svc.Version)...)
		r.json(&svc)
		if r.StatusCode != http.StatusOK || svc.PublicName != nil {
			t.Fatalf("empty clears: %d %s", r.StatusCode, r.body)
		}
		if p := s.statusPage(); len(p.Services) != 1 || p.Services[0].PublicName != "Łódź portal" {
			t.Fatalf("status page: %+v", p)
		}
	})
}
