package store_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/webhook"
)

// received is one request a test receiver got.
type received struct {
	id, timestamp, signature string
	body                     []byte
}

// receiver is an HTTP server that records what it gets and answers with the
// statuses answer gives, in turn (200 once they run out).
type receiver struct {
	mu     sync.Mutex
	got    []received
	answer []int
	srv    *httptest.Server
}

func newReceiver(t *testing.T, answer ...int) *receiver {
	r := &receiver{answer: answer}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		r.mu.Lock()
		r.got = append(r.got, received{req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp"), req.Header.Get("webhook-signature"), body})
		code := http.StatusOK
		if len(r.answer) > 0 {
			code, r.answer = r.answer[0], r.answer[1:]
		}
		r.mu.Unlock()
		w.WriteHeader(code)
		_, _ = w.Write([]byte("answer " + http.StatusText(code) + " zażółć"))
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) requests() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// verifies checks a request as the Standard Webhooks specification tells a
// receiver to: HMAC-SHA256, keyed with the base64-decoded part of the secret
// after whsec_, over "id.timestamp.body", against any v1 signature of the
// space-separated header.
func verifies(t *testing.T, secret string, r received) bool {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(r.id + "." + r.timestamp + "." + string(r.body)))
	want := mac.Sum(nil)
	for _, sig := range strings.Split(r.signature, " ") {
		version, b64, ok := strings.Cut(sig, ",")
		got, err := base64.StdEncoding.DecodeString(b64)
		if ok && version == "v1" && err == nil && hmac.Equal(got, want) {
			return true
		}
	}
	return false
}

var loopback = webhook.Guard{Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}, AllowHTTP: true}

// fakeClock is the sender's clock, moved by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func newSender(db *store.DB, g webhook.Guard, c *fakeClock) *webhook.Sender {
	return &webhook.Sender{Store: db, Audit: nil, Client: g.Client(), Now: c.Now, Log: slog.New(slog.DiscardHandler)}
}

func strp(s string) *string { return &s }
func boolp(b bool) *bool    { return &b }

func mustOnce(t *testing.T, s *webhook.Sender) int {
	t.Helper()
	n, err := s.Once(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// An event reaches the webhook signed as the specification says, with the
// event's id as webhook-id and the contract's Event as data; a receiver that
// fails is tried again on the schedule with the same id and body, every
// attempt is logged, and a 2xx ends it. A restricted case's events are
// withheld unless the webhook includes them.
func TestWebhookDeliversSignedAndRetries(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		cs := cases.NewService(db, rec)
		svc := webhook.NewService(db, rec, loopback)
		rcv := newReceiver(t, 500, 503)
		kinds := []string{events.CaseCreated}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp(rcv.srv.URL + "/hooks"), Description: strp("SIEM – zażółć, مرحبا"), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(w.Secret, "whsec_") || !w.Enabled || w.IncludeRestricted {
			t.Fatalf("created %+v", w)
		}
		if key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(w.Secret, "whsec_")); len(key) < 24 || len(key) > 64 {
			t.Fatalf("secret key of %d bytes", len(key))
		}
		d := webhook.Relay(db)
		if _, err := relay.Once(ctx, db, d); err != nil { // the cursor starts here
			t.Fatal(err)
		}
		open := newCase(t, cs, ctx, "Phishing wave")
		secret, err := cs.Create(ctx, cases.Case{Title: "Board member account", Summary: "x", Category: "malware", Severity: "high",
			DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour), Restricted: true})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // twice: the second finds nothing new, and nothing is queued twice
			if _, err := relay.Once(ctx, db, d); err != nil {
				t.Fatal(err)
			}
		}
		clk := &fakeClock{t: time.Now().UTC()}
		s := newSender(db, webhook.Guard{AllowHTTP: true, Allow: loopback.Allow}, clk)
		if n := mustOnce(t, s); n != 1 {
			t.Fatalf("claimed %d deliveries, want 1 (the restricted case withheld)", n)
		}
		if n := mustOnce(t, s); n != 0 {
			t.Fatalf("a failed delivery was tried again at once (%d)", n)
		}
		clk.Add(6 * time.Second)
		mustOnce(t, s) // 503
		clk.Add(4 * time.Minute)
		if n := mustOnce(t, s); n != 0 {
			t.Fatal("the third attempt came before its 5 minutes")
		}
		clk.Add(2 * time.Minute)
		mustOnce(t, s) // 200
		got := rcv.requests()
		if len(got) != 3 {
			t.Fatalf("%d requests, want 3", len(got))
		}
		var body struct {
			Type      string    `json:"type"`
			Timestamp time.Time `json:"timestamp"`
			Data      struct {
				ID     string          `json:"id"`
				Kind   string          `json:"kind"`
				CaseID string          `json:"case_id"`
				Action string          `json:"action"`
				Data   json.RawMessage `json:"data"`
			} `json:"data"`
		}
		if err := json.Unmarshal(got[0].body, &body); err != nil {
			t.Fatal(err)
		}
		if body.Type != events.CaseCreated || body.Data.CaseID != open.ID.String() || body.Data.ID != got[0].id || body.Data.Action != "case.create" {
			t.Fatalf("body %s, webhook-id %s", got[0].body, got[0].id)
		}
		for i, r := range got {
			if !verifies(t, w.Secret, r) {
				t.Errorf("attempt %d: signature %q does not verify", i, r.signature)
			}
			if r.id != got[0].id || string(r.body) != string(got[0].body) {
				t.Errorf("attempt %d: id %s body %s, want the first attempt's", i, r.id, r.body)
			}
			if strings.Contains(string(r.body), secret.ID.String()) {
				t.Errorf("the restricted case reached the webhook: %s", r.body)
			}
		}
		if ts := got[1].timestamp; ts == got[0].timestamp {
			t.Errorf("webhook-timestamp %s did not move on a retry", ts)
		}
		log, err := svc.Deliveries(ctx, w.ID, nil, 50)
		if err != nil || len(log) != 1 {
			t.Fatalf("log %+v (%v)", log, err)
		}
		if l := log[0]; l.Status != webhook.Delivered || l.Attempts != 3 || len(l.Log) != 3 || *l.Log[0].StatusCode != 200 ||
			*l.Log[2].StatusCode != 500 || !strings.Contains(l.Log[2].Response, "zażółć") {
			t.Fatalf("logged %+v", l)
		}

		// Tampering is caught by the same verifier.
		bad := got[0]
		bad.body = []byte(strings.Replace(string(bad.body), "case.created", "case.assigned", 1))
		if verifies(t, w.Secret, bad) {
			t.Fatal("a changed body verified")
		}

		// With include_restricted, a restricted case's events are sent.
		if _, err := svc.Update(ctx, w.ID, w.Version, webhook.Settings{IncludeRestricted: boolp(true)}); err != nil {
			t.Fatal(err)
		}
		hidden, err := cs.Create(ctx, cases.Case{Title: "Second restricted", Summary: "x", Category: "malware", Severity: "high",
			DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour), Restricted: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := relay.Once(ctx, db, d); err != nil {
			t.Fatal(err)
		}
		mustOnce(t, s)
		got = rcv.requests()
		if len(got) != 4 || !strings.Contains(string(got[3].body), hidden.ID.String()) {
			t.Fatalf("with include_restricted: %d requests, last %s", len(got), got[len(got)-1].body)
		}
	})
}

// Rotation: for 24 hours both secrets sign, then only the new one.
func TestWebhookSecretRotation(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		rcv := newReceiver(t)
		kinds := []string{events.CaseCreated, events.TaskAssigned}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp(rcv.srv.URL), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		t0 := time.Now().UTC().Truncate(time.Second)
		r, err := svc.Rotate(clock.At(ctx, t0), w.ID, w.Version)
		if err != nil {
			t.Fatal(err)
		}
		if r.Secret == w.Secret || r.PreviousSecret != w.Secret {
			t.Fatalf("rotated %+v", r)
		}
		if _, err := svc.Rotate(ctx, w.ID, w.Version); !apperr.Is(err, apperr.PreconditionFailed) {
			t.Fatalf("rotation at a stale version: %v", err)
		}
		clk := &fakeClock{t: t0.Add(time.Hour)}
		s := newSender(db, loopback, clk)
		if _, err := svc.Ping(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		mustOnce(t, s)
		clk.Add(24 * time.Hour)
		if _, err := svc.Ping(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		mustOnce(t, s)
		got := rcv.requests()
		if len(got) != 2 {
			t.Fatalf("%d requests", len(got))
		}
		if len(strings.Split(got[0].signature, " ")) != 2 || !verifies(t, w.Secret, got[0]) || !verifies(t, r.Secret, got[0]) {
			t.Errorf("within 24 h: %q should carry both signatures", got[0].signature)
		}
		if len(strings.Split(got[1].signature, " ")) != 1 || verifies(t, w.Secret, got[1]) || !verifies(t, r.Secret, got[1]) {
			t.Errorf("after 24 h: %q should carry only the new secret's", got[1].signature)
		}
	})
}

// Server-side request forgery: URLs aimed at internal addresses are refused
// when saved, and a name that resolves to one is refused when dialled.
func TestWebhookRefusesInternalTargets(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		strict := webhook.NewService(db, rec, webhook.Guard{})
		kinds := []string{events.CaseCreated}
		for _, u := range []string{
			"http://example.com/hook", "https://127.0.0.1/hook", "https://[::1]/", "https://169.254.169.254/latest/meta-data",
			"https://10.1.2.3/", "https://192.168.0.1/", "https://172.16.0.1/", "https://100.64.0.1/", "https://0.0.0.0/",
			"https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:127.0.0.1]/", "https://224.0.0.1/", "https://localhost:8443/",
			"https://user:pw@example.com/", "ftp://example.com/", "not a url", "https://example.com/#frag",
		} {
			_, err := strict.Create(ctx, webhook.Settings{URL: strp(u), Kinds: &kinds})
			var ae *apperr.Error
			if !apperr.Is(err, apperr.Invalid) || !asAppErr(err, &ae) || len(ae.Fields) == 0 || ae.Fields[0].Field != "url" {
				t.Errorf("%s: %v, want 422 on url", u, err)
			}
		}
		for _, k := range [][]string{{}, {"case.exploded"}, {events.Changed}} {
			_, err := strict.Create(ctx, webhook.Settings{URL: strp("https://93.184.215.14/"), Kinds: &k})
			var ae *apperr.Error
			if !asAppErr(err, &ae) || ae.Kind != apperr.Invalid || ae.Fields[0].Field != "kinds" {
				t.Errorf("kinds %v: %v, want 422 on kinds", k, err)
			}
		}
		if all, _ := db.Webhooks(ctx); len(all) != 0 {
			t.Fatalf("refused webhooks were stored: %+v", all)
		}

		// Saved while allowed (as an admin's allow list could have been), a
		// name resolving to loopback is refused at dial time without it.
		rcv := newReceiver(t)
		url := strings.Replace(rcv.srv.URL, "127.0.0.1", "localhost", 1)
		w, err := webhook.NewService(db, rec, loopback).Create(ctx, webhook.Settings{URL: strp(url), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := strict.Ping(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		mustOnce(t, newSender(db, webhook.Guard{AllowHTTP: true}, &fakeClock{t: time.Now()}))
		if n := len(rcv.requests()); n != 0 {
			t.Fatalf("the receiver on loopback got %d requests", n)
		}
		log, err := strict.Deliveries(ctx, w.ID, nil, 10)
		if err != nil || len(log) != 1 || len(log[0].Log) != 1 || !strings.Contains(log[0].Log[0].Error, "not allowed") || log[0].Status != webhook.Pending {
			t.Fatalf("log %+v (%v), want one refused attempt, to retry", log, err)
		}
	})
}

func asAppErr(err error, target **apperr.Error) bool {
	ae, ok := err.(*apperr.Error) //nolint:errorlint // the service returns it unwrapped
	if ok {
		*target = ae
	}
	return ok
}

// A webhook whose every attempt fails for 24 hours is switched off, and the
// admins are told once (webhook.disabled, with an id derived from the run of
// failures); enabling it again starts afresh.
func TestWebhookDisabledAfterSustainedFailure(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		rcv := newReceiver(t, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500)
		kinds := []string{events.CaseCreated}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp(rcv.srv.URL), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Ping(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		clk := &fakeClock{t: time.Now().UTC()}
		s := newSender(db, loopback, clk)
		s.Audit = rec
		mustOnce(t, s)
		for _, wait := range webhook.Retry[:5] { // 5 s … 5 h: 7 h 35 min of failures
			clk.Add(wait)
			mustOnce(t, s)
		}
		if got, _ := svc.Get(ctx, w.ID); !got.Enabled || got.FailingSince == nil {
			t.Fatalf("after 7.6 h of failures: %+v, want still enabled and failing", got)
		}
		clk.Add(webhook.Retry[5]) // 10 h more: 17.6 h
		mustOnce(t, s)
		clk.Add(webhook.Retry[6]) // 27.6 h
		mustOnce(t, s)
		got, _ := svc.Get(ctx, w.ID)
		if got.Enabled || got.DisabledAt == nil {
			t.Fatalf("after 27.6 h of failures: %+v, want switched off", got)
		}
		all, err := db.EventsAfter(ctx, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		var told []events.Event
		for _, e := range all {
			if e.Kind == events.WebhookDisabled {
				told = append(told, e)
			}
		}
		if len(told) != 1 || told[0].EntityID != w.ID.String() || !strings.Contains(string(told[0].Data), rcv.srv.URL) {
			t.Fatalf("told %+v, want one webhook.disabled naming the webhook", told)
		}
		// Switched off, nothing more is sent; a ping is refused.
		if _, err := svc.Ping(ctx, w.ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("ping of a switched-off webhook: %v", err)
		}
		n := len(rcv.requests())
		if n != 8 {
			log, _ := svc.Deliveries(ctx, w.ID, nil, 10)
			for _, a := range log[0].Log {
				t.Logf("%v %v %q", a.AttemptedAt, a.StatusCode, a.Error)
			}
			t.Fatalf("%d attempts, want the 8 of the schedule (%+v)", n, log[0])
		}
		// A delivery due while it is off waits, and goes once it is enabled again.
		log, err := svc.Deliveries(ctx, w.ID, nil, 10)
		if err != nil || len(log) != 1 || log[0].Status != webhook.Failed {
			t.Fatalf("log %+v (%v), want the one failed delivery", log, err)
		}
		if err := db.RequeueDelivery(ctx, log[0].ID, clk.Now()); err != nil {
			t.Fatal(err)
		}
		if n := mustOnce(t, s); n != 0 {
			t.Fatalf("a switched-off webhook's delivery was claimed (%d)", n)
		}
		back, err := svc.Update(ctx, w.ID, got.Version, webhook.Settings{Enabled: boolp(true)})
		if err != nil || !back.Enabled || back.FailingSince != nil || back.DisabledAt != nil {
			t.Fatalf("enabled again: %+v (%v)", back, err)
		}
		if n := mustOnce(t, s); n != 1 || len(rcv.requests()) != 9 {
			t.Fatalf("after enabling: claimed %d, %d requests, want the waiting delivery sent", n, len(rcv.requests()))
		}
	})
}

// Two senders (two replicas) never send the same delivery at once: every
// event arrives exactly once when every receiver answer is a 200.
func TestTwoSendersSendEachDeliveryOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		rcv := newReceiver(t)
		kinds := []string{events.CaseCreated}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp(rcv.srv.URL), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		const n = 30
		for range n {
			if _, err := svc.Ping(ctx, w.ID); err != nil {
				t.Fatal(err)
			}
		}
		clk := &fakeClock{t: time.Now().UTC()}
		var wg sync.WaitGroup
		for range 2 {
			s := newSender(db, loopback, clk)
			wg.Go(func() {
				for range 10 {
					if _, err := s.Once(ctx); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		seen := map[string]int{}
		for _, r := range rcv.requests() {
			seen[r.id]++
		}
		if len(seen) != n {
			t.Fatalf("%d distinct events arrived, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("event %s arrived %d times", id, c)
			}
		}
	})
}

// A lease that runs out (its sender died mid-attempt) lets another sender
// claim the delivery: at least once, never lost.
func TestAnExpiredLeaseIsClaimedAgain(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		kinds := []string{events.CaseCreated}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp("http://127.0.0.1:9/"), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Ping(ctx, w.ID); err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC().Truncate(time.Microsecond)
		claim := func(at time.Time) int {
			var ds []webhook.Delivery
			err := db.InTx(ctx, func(ctx context.Context) error {
				var err error
				ds, err = db.ClaimDeliveries(ctx, at, time.Minute, 10)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return len(ds)
		}
		if n := claim(now); n != 1 {
			t.Fatalf("first claim: %d", n)
		}
		if n := claim(now.Add(30 * time.Second)); n != 0 {
			t.Fatalf("claimed again within the lease: %d", n)
		}
		if n := claim(now.Add(61 * time.Second)); n != 1 {
			t.Fatalf("after the lease: %d, want it claimed again", n)
		}
	})
}

// A receiver's redirect is not followed (it could point inside), and a huge
// answer is cut to its first 2 KiB in the log.
func TestWebhookFollowsNoRedirectAndBoundsTheAnswer(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		inside := newReceiver(t)
		redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, inside.srv.URL+"/admin", http.StatusTemporaryRedirect)
		}))
		t.Cleanup(redirect.Close)
		huge := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			_, _ = w.Write([]byte(strings.Repeat("ż", 100_000)))
		}))
		t.Cleanup(huge.Close)
		kinds := []string{events.CaseCreated}
		for _, u := range []string{redirect.URL, huge.URL} {
			w, err := svc.Create(ctx, webhook.Settings{URL: strp(u), Kinds: &kinds})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := svc.Ping(ctx, w.ID); err != nil {
				t.Fatal(err)
			}
		}
		mustOnce(t, newSender(db, loopback, &fakeClock{t: time.Now()}))
		if n := len(inside.requests()); n != 0 {
			t.Fatalf("the redirect was followed (%d requests)", n)
		}
		all, _ := db.Webhooks(ctx)
		for _, w := range all {
			log, err := svc.Deliveries(ctx, w.ID, nil, 10)
			if err != nil || len(log) != 1 || len(log[0].Log) != 1 {
				t.Fatalf("log %+v (%v)", log, err)
			}
			a := log[0].Log[0]
			switch w.URL {
			case redirect.URL:
				if *a.StatusCode != http.StatusTemporaryRedirect || log[0].Status != webhook.Pending {
					t.Errorf("redirect: %+v, want a 307 logged and retried", a)
				}
			case huge.URL:
				if *a.StatusCode != 200 || len(a.Response) > 2048 || !strings.HasPrefix(a.Response, "żż") {
					t.Errorf("huge answer: %d bytes logged", len(a.Response))
				}
			}
		}
	})
}

// Two admins changing one webhook at once: one wins, the other gets a 412
// and changes nothing. At most 100 webhooks exist.
func TestWebhookRacesAndLimit(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		ctx, rec := signedInAdmin(t, db)
		svc := webhook.NewService(db, rec, loopback)
		kinds := []string{events.CaseCreated}
		w, err := svc.Create(ctx, webhook.Settings{URL: strp("http://127.0.0.1:9/a"), Kinds: &kinds})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i, d := range []string{"first", "second"} {
			wg.Go(func() {
				_, errs[i] = svc.Update(ctx, w.ID, w.Version, webhook.Settings{Description: strp(d)})
			})
		}
		wg.Wait()
		won, lost := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case apperr.Is(err, apperr.PreconditionFailed):
				lost++
			default:
				t.Fatalf("racing update: %v", err)
			}
		}
		got, _ := svc.Get(ctx, w.ID)
		if won != 1 || lost != 1 || got.Version != 2 {
			t.Fatalf("%d won, %d lost, version %d: want one of each and version 2", won, lost, got.Version)
		}
		for i := 1; i < 100; i++ {
			if _, err := svc.Create(ctx, webhook.Settings{URL: strp("http://127.0.0.1:9/b"), Kinds: &kinds}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Create(ctx, webhook.Settings{URL: strp("http://127.0.0.1:9/c"), Kinds: &kinds}); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("the 101st webhook: %v, want a conflict", err)
		}
	})
}
