package mail_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
	cwmail "github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/users"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// testAudience names fixed recipients for every notable event and keeps
// what it was asked to unsubscribe.
type testAudience struct {
	mu           sync.Mutex
	recipients   []cwmail.Recipient
	unsubscribed []string
}

func (a *testAudience) RecipientsOf(_ context.Context, evs []events.Event, _ string) ([][]cwmail.Recipient, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := make([][]cwmail.Recipient, len(evs))
	for i := range evs {
		out[i] = append([]cwmail.Recipient(nil), a.recipients...)
	}
	return out, nil
}

func (a *testAudience) Unsubscribe(_ context.Context, userID uuid.UUID, kind, channel string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.unsubscribed = append(a.unsubscribed, userID.String()+" "+kind+" "+channel)
	return nil
}

// testClock is a wall clock the test moves.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type rig struct {
	db    *store.DB
	ctx   context.Context // signed in as an admin
	cases *cases.Service
	aud   *testAudience
	clock *testClock
	svc   *cwmail.Service
	srv   *smtpServer
	pool  *x509.CertPool
}

const polishArabicTitle = "Wyciek danych: zażółć gęślą jaźń — تسرب البيانات <script>"

// newRig starts an SMTP server speaking mode and a mail service sending to
// it, with the email delivery's cursor at the head of the outbox.
func newRig(t *testing.T, db *store.DB, mode string) *rig {
	t.Helper()
	ctx := context.Background()
	rec := audit.NewRecorder(db)
	admin, _, err := users.NewService(db, rec, func(context.Context, string) (string, error) { return "x", nil }).Create(ctx,
		users.NewUser{Email: "admin@example.org", Name: "Łucja Żółć", Role: users.Admin, Password: "long enough password"})
	if err != nil {
		t.Fatal(err)
	}
	ctx = identity.With(ctx, identity.Principal{UserID: admin.ID, Email: admin.Email, Role: "admin"})
	cert, pool := testCert(t)
	r := &rig{db: db, ctx: ctx, cases: cases.NewService(db, rec), pool: pool,
		clock: &testClock{t: time.Date(2026, 12, 5, 10, 17, 0, 0, time.UTC)},
		aud: &testAudience{recipients: []cwmail.Recipient{{UserID: admin.ID, Email: "lucja@example.org",
			Name: "Łucja Żółć — لوسيا", TimeZone: "Europe/Warsaw", Digest: cwmail.DigestOff}}}}
	r.srv = startSMTP(t, mode, cert)
	r.svc = r.service(t, db, r.smtpTo(r.srv.addr, mode))
	if _, err := relay.Once(ctx, db, r.svc.Delivery()); err != nil { // the cursor starts at the head
		t.Fatal(err)
	}
	return r
}

func (r *rig) smtpTo(addr, mode string) cwmail.SMTP {
	s := cwmail.SMTP{Addr: addr, StartTLS: mode == startTLS, Implicit: mode == implicit, Timeout: 3 * time.Second,
		TLS: &tls.Config{RootCAs: r.pool, ServerName: "localhost", MinVersion: tls.VersionTLS12}}
	return s
}

func (r *rig) service(t *testing.T, db *store.DB, s cwmail.SMTP) *cwmail.Service {
	t.Helper()
	return cwmail.New(db, r.aud, audit.NewRecorder(db), cwmail.Options{From: "caseward@example.org",
		PublicURL: "https://caseward.example.org/", Transport: s, Now: r.clock.Now})
}

// openCase opens a case (one case.created event) and relays it to the mail.
func (r *rig) openCase(t *testing.T, title string) cases.Case {
	t.Helper()
	c, err := r.cases.Create(r.ctx, cases.Case{Title: title, Summary: "Opened by a test", Category: "malware", Severity: "high",
		DetectedAt: time.Now().Add(-time.Hour), AwareAt: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	r.relay(t)
	return c
}

func (r *rig) relay(t *testing.T) {
	t.Helper()
	if _, err := relay.Once(context.Background(), r.db, r.svc.Delivery()); err != nil {
		t.Fatal(err)
	}
}

func (r *rig) sendDue(t *testing.T) int {
	t.Helper()
	n, err := r.svc.SendDue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (r *rig) mails(t *testing.T, status ...string) []cwmail.Message {
	t.Helper()
	ms, _, err := r.svc.List(context.Background(), cwmail.Filter{Status: status, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// parsed is a received mail read back.
type parsed struct {
	header mail.Header
	plain  string
	html   string
}

func parse(t *testing.T, data []byte) parsed {
	t.Helper()
	m, err := mail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q (%v), want multipart/alternative", m.Header.Get("Content-Type"), err)
	}
	p := parsed{header: m.Header}
	mr := multipart.NewReader(m.Body, params["boundary"])
	for {
		part, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(part)
		switch part.Header.Get("Content-Type") {
		case "text/plain; charset=utf-8":
			p.plain = string(b)
		case "text/html; charset=utf-8":
			p.html = string(b)
		default:
			t.Fatalf("unexpected part %q", part.Header.Get("Content-Type"))
		}
	}
	if p.plain == "" || p.html == "" {
		t.Fatalf("want a plain and an HTML part, got %q / %q", p.plain, p.html)
	}
	return p
}

func subjectOf(t *testing.T, p parsed) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(p.header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// A case opened is mailed over STARTTLS and over implicit TLS to a real SMTP
// server: plain text and HTML, the subject with the reference, the kind in
// words and the Polish and Arabic title intact, a sentence saying who did
// what, the time in the recipient's zone, a link to the case, a one-click
// unsubscribe, and a Message-ID derived from the event and the recipient.
func TestACaseOpenedIsMailedOverTLS(t *testing.T) {
	for _, mode := range []string{startTLS, implicit} {
		t.Run(mode, func(t *testing.T) {
			dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
				r := newRig(t, db, mode)
				c := r.openCase(t, polishArabicTitle+" "+mode)
				if n := r.sendDue(t); n != 1 {
					t.Fatalf("sent %d mails, want 1", n)
				}
				got := r.srv.messages()
				if len(got) != 1 || got[0].To[0] != "lucja@example.org" || got[0].From != "caseward@example.org" {
					t.Fatalf("server received %+v, want one mail to lucja@example.org", got)
				}
				p := parse(t, got[0].Data)
				subject := subjectOf(t, p)
				want := "[" + c.Reference + "] A case is opened: " + polishArabicTitle + " " + mode
				if subject != want {
					t.Errorf("subject %q, want %q", subject, want)
				}
				if raw := p.header.Get("Subject"); !strings.HasPrefix(raw, "=?utf-8?") {
					t.Errorf("subject header %q is not RFC 2047 encoded", raw)
				}
				to, err := mail.ParseAddress(p.header.Get("To"))
				if err != nil || to.Name != "Łucja Żółć — لوسيا" {
					t.Errorf("To %q (%v), want the name intact", p.header.Get("To"), err)
				}
				ms := r.mails(t)
				if len(ms) != 1 || ms[0].Status != cwmail.StatusSent || ms[0].SentAt == nil {
					t.Fatalf("mail rows %+v, want one sent", ms)
				}
				warsaw, _ := time.LoadLocation("Europe/Warsaw")
				local := ms[0].Event.OccurredAt.In(warsaw).Format("2 Jan 2006 15:04")
				for _, part := range []string{p.plain, p.html} {
					for _, s := range []string{"Łucja Żółć opened the case", "https://caseward.example.org/cases/" + c.ID.String(), local + " (Europe/Warsaw)"} {
						if !strings.Contains(part, s) {
							t.Errorf("part lacks %q:\n%s", s, part)
						}
					}
				}
				if !strings.Contains(p.plain, polishArabicTitle) {
					t.Errorf("plain text lacks the title:\n%s", p.plain)
				}
				if strings.Contains(p.html, "<script>") || !strings.Contains(p.html, "&lt;script&gt;") {
					t.Errorf("HTML does not escape the title:\n%s", p.html)
				}
				wantID := "<" + cwmail.MessageID([]string{ms[0].EventID}, ms[0].UserID, "example.org") + ">"
				if p.header.Get("Message-ID") != wantID {
					t.Errorf("Message-ID %q, want %q", p.header.Get("Message-ID"), wantID)
				}
				if p.header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
					!strings.HasPrefix(p.header.Get("List-Unsubscribe"), "<https://caseward.example.org/api/v1/mail/unsubscribe?token=") {
					t.Errorf("unsubscribe headers %q / %q", p.header.Get("List-Unsubscribe"), p.header.Get("List-Unsubscribe-Post"))
				}
				if n := r.sendDue(t); n != 0 || len(r.srv.messages()) != 1 {
					t.Fatalf("a second round sent %d more", n)
				}
			})
		})
	}
}

// A server that speaks no STARTTLS is refused when STARTTLS is required:
// nothing goes in clear text, and the mail waits to be tried again.
func TestStartTLSIsRequired(t *testing.T) {
	db := dbtest.Open(t, store.SQLite)
	r := newRig(t, db, plainSMTP)
	r.svc = r.service(t, db, r.smtpTo(r.srv.addr, startTLS))
	r.openCase(t, "Phishing wave")
	r.sendDue(t)
	if got := r.srv.messages(); len(got) != 0 {
		t.Fatalf("sent in clear text: %d", len(got))
	}
	ms := r.mails(t)
	if len(ms) != 1 || ms[0].Status != cwmail.StatusRetrying || ms[0].Attempts != 1 || !strings.Contains(ms[0].LastError, "STARTTLS") {
		t.Fatalf("mail %+v, want retrying after a STARTTLS failure", ms)
	}
}

// A server that refuses (4xx, then 5xx) and then accepts gets the mail once,
// after backoff; the mail row keeps its attempts.
func TestRefusedMailIsRetriedAndDeliveredOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		r.srv.refuse(&smtp.SMTPError{Code: 451, Message: "try later"}, &smtp.SMTPError{Code: 554, Message: "no thanks"})
		r.openCase(t, "Phishing wave")
		r.sendDue(t)
		ms := r.mails(t)
		if ms[0].Status != cwmail.StatusRetrying || ms[0].Attempts != 1 || !strings.Contains(ms[0].LastError, "451") {
			t.Fatalf("after a 451: %+v", ms[0])
		}
		if !ms[0].DueAt.Equal(r.clock.Now().Add(time.Minute)) {
			t.Errorf("next try at %s, want a minute later", ms[0].DueAt)
		}
		if n := r.sendDue(t); n != 0 {
			t.Fatalf("tried again before the backoff: %d", n)
		}
		r.clock.Add(time.Minute)
		r.sendDue(t)
		ms = r.mails(t)
		if ms[0].Attempts != 2 || !strings.Contains(ms[0].LastError, "554") || !ms[0].DueAt.Equal(r.clock.Now().Add(2*time.Minute)) {
			t.Fatalf("after a 554: %+v, want the backoff doubled", ms[0])
		}
		r.clock.Add(2 * time.Minute)
		r.sendDue(t)
		r.clock.Add(time.Hour)
		r.sendDue(t)
		if got := r.srv.messages(); len(got) != 1 {
			t.Fatalf("server received %d mails, want 1", len(got))
		}
		ms = r.mails(t)
		if ms[0].Status != cwmail.StatusSent || ms[0].Attempts != 2 {
			t.Fatalf("mail %+v, want sent after 2 failures", ms[0])
		}
	})
}

// outboxEvents returns the events of kind in the outbox.
func outboxEvents(t *testing.T, db *store.DB, kind string) []events.Event {
	t.Helper()
	evs, err := db.EventsAfter(context.Background(), 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	var out []events.Event
	for _, e := range evs {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// With the server down, mail is retried with backoff for 24 hours, then
// marked undeliverable (never dropped) and the admins are told once; an
// admin's retry (audited) sends it when the server is back.
func TestMailToAServerDownBecomesUndeliverableAndAdminsAreTold(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		down := ln.Addr().String()
		ln.Close() // nothing listens there
		working := r.svc
		r.svc = r.service(t, db, r.smtpTo(down, startTLS))
		r.openCase(t, "Phishing wave")
		start := r.clock.Now()
		for r.clock.Now().Before(start.Add(24 * time.Hour)) {
			r.sendDue(t)
			r.clock.Add(10 * time.Minute)
		}
		ms := r.mails(t)
		if ms[0].Status != cwmail.StatusRetrying || ms[0].Attempts < 25 || !strings.Contains(ms[0].LastError, "connect") {
			t.Fatalf("after a day: %+v, want retrying about hourly", ms[0])
		}
		if n := len(outboxEvents(t, db, events.MailUndeliverable)); n != 0 {
			t.Fatalf("%d notices before the 24 hours ran out", n)
		}
		r.clock.Add(time.Hour)
		r.sendDue(t)
		ms = r.mails(t, cwmail.StatusUndeliverable)
		if len(ms) != 1 {
			t.Fatalf("undeliverable mails: %+v", r.mails(t))
		}
		notices := outboxEvents(t, db, events.MailUndeliverable)
		if len(notices) != 1 || notices[0].EntityID != ms[0].ID.String() || !strings.Contains(string(notices[0].Data), "connect") {
			t.Fatalf("notices %+v, want one about the mail", notices)
		}
		r.clock.Add(time.Hour)
		if n := r.sendDue(t); n != 0 {
			t.Fatalf("an undeliverable mail was tried again by itself: %d", n)
		}

		r.svc = working
		retried, err := r.svc.Retry(r.ctx, ms[0].ID)
		if err != nil || retried.Status != cwmail.StatusQueued || retried.GiveUpAt != nil {
			t.Fatalf("retry: %+v, %v", retried, err)
		}
		if _, err := r.svc.Retry(r.ctx, ms[0].ID); !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("retrying a queued mail: %v, want a conflict", err)
		}
		if _, err := r.svc.Retry(r.ctx, uuid.New()); !apperr.Is(err, apperr.NotFound) {
			t.Fatalf("retrying no mail: %v, want not found", err)
		}
		r.sendDue(t)
		if got := r.srv.messages(); len(got) != 1 {
			t.Fatalf("after the retry the server has %d mails, want 1", len(got))
		}
		trail, err := db.EventsAfter(context.Background(), 0, 10000)
		if err != nil {
			t.Fatal(err)
		}
		audited := 0
		for _, e := range trail {
			if e.Action == "mail.retry" && e.EntityID == ms[0].ID.String() && e.ActorID != "" {
				audited++
			}
		}
		if audited != 1 {
			t.Fatalf("mail.retry recorded %d times, want once", audited)
		}
		if n := len(outboxEvents(t, db, events.MailUndeliverable)); n != 1 {
			t.Fatalf("%d notices, want still one", n)
		}
	})
}

// The unsubscribe link in a mail stops that kind by email for that person;
// a tampered link or one signed by another Caseward changes nothing.
func TestUnsubscribeLinkRoundTrip(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		r.openCase(t, "Phishing wave")
		r.sendDue(t)
		p := parse(t, r.srv.messages()[0].Data)
		link := strings.Trim(p.header.Get("List-Unsubscribe"), "<>")
		u, err := url.Parse(link)
		if err != nil {
			t.Fatal(err)
		}
		token := u.Query().Get("token")
		page := "https://caseward.example.org/unsubscribe?token=" + url.QueryEscape(token)
		if !strings.Contains(p.plain, page) || !strings.Contains(p.html, page) {
			t.Errorf("the body lacks the unsubscribe page %s", page)
		}
		ctx := context.Background()
		for _, bad := range []string{
			token[:len(token)-2] + "AA",
			map[bool]string{true: "B", false: "A"}[token[0] == 'A'] + token[1:],
			token + "x",
			"", ".", "no-dot",
			foreignToken(t, r),
		} {
			if _, err := r.svc.Unsubscribe(ctx, bad); !apperr.Is(err, apperr.Invalid) {
				t.Errorf("token %q: %v, want invalid", bad, err)
			}
		}
		if len(r.aud.unsubscribed) != 0 {
			t.Fatalf("bad tokens unsubscribed %v", r.aud.unsubscribed)
		}
		pre, err := r.svc.Preview(ctx, token)
		if err != nil || pre.Kind != events.CaseCreated || pre.UserID != r.aud.recipients[0].UserID {
			t.Fatalf("preview %+v, %v", pre, err)
		}
		if len(r.aud.unsubscribed) != 0 {
			t.Fatal("the preview unsubscribed")
		}
		if _, err := r.svc.Unsubscribe(ctx, token); err != nil {
			t.Fatal(err)
		}
		want := r.aud.recipients[0].UserID.String() + " case.created email"
		if len(r.aud.unsubscribed) != 1 || r.aud.unsubscribed[0] != want {
			t.Fatalf("unsubscribed %v, want %q", r.aud.unsubscribed, want)
		}
	})
}

// foreignToken is a well-formed token signed by another installation's key.
func foreignToken(t *testing.T, r *rig) string {
	t.Helper()
	other := cwmail.New(dbtest.Open(t, store.SQLite), r.aud, nil, cwmail.Options{From: "x@example.org"})
	tok, err := other.Token(context.Background(), cwmail.Unsubscription{UserID: r.aud.recipients[0].UserID, Kind: events.CaseCreated})
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Someone on an hourly digest gets nothing until the hour, then one mail
// listing every waiting event; the rows are each sent once.
func TestDigestGathersWaitingMailIntoOne(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		r.aud.recipients[0].Digest = cwmail.DigestHourly
		a := r.openCase(t, "Phishing wave")
		b := r.openCase(t, polishArabicTitle)
		if n := r.sendDue(t); n != 0 || len(r.srv.messages()) != 0 {
			t.Fatalf("a digest left before its hour: %d", n)
		}
		ms := r.mails(t, cwmail.StatusQueued)
		if len(ms) != 2 || !ms[0].DueAt.Equal(time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)) {
			t.Fatalf("waiting mail %+v, want 2 due at 11:00 UTC", ms)
		}
		r.clock.Add(43 * time.Minute)
		if n := r.sendDue(t); n != 2 {
			t.Fatalf("sent %d rows at the hour, want 2", n)
		}
		got := r.srv.messages()
		if len(got) != 1 {
			t.Fatalf("server received %d mails, want one digest", len(got))
		}
		p := parse(t, got[0].Data)
		if s := subjectOf(t, p); s != "Caseward digest: 2 events" {
			t.Errorf("subject %q", s)
		}
		for _, c := range []cases.Case{a, b} {
			if !strings.Contains(p.plain, c.Reference) || !strings.Contains(p.plain, c.Title) {
				t.Errorf("digest lacks %s %q:\n%s", c.Reference, c.Title, p.plain)
			}
		}
		if n := len(r.mails(t, cwmail.StatusSent)); n != 2 {
			t.Fatalf("%d rows sent, want 2", n)
		}
	})
}

// The daily digest leaves at 08:00 in the recipient's zone.
func TestDigestDue(t *testing.T) {
	at := time.Date(2026, 12, 5, 10, 17, 0, 0, time.UTC)
	for _, tc := range []struct {
		digest, tz string
		want       time.Time
	}{
		{cwmail.DigestOff, "Europe/Warsaw", at},
		{cwmail.DigestHourly, "UTC", time.Date(2026, 12, 5, 11, 0, 0, 0, time.UTC)},
		{cwmail.DigestDaily, "Europe/Warsaw", time.Date(2026, 12, 6, 7, 0, 0, 0, time.UTC)},
		{cwmail.DigestDaily, "Asia/Riyadh", time.Date(2026, 12, 6, 5, 0, 0, 0, time.UTC)},
		{cwmail.DigestDaily, "Nowhere/Unknown", time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)},
	} {
		if got := cwmail.DigestDue(at, tc.digest, tc.tz); !got.Equal(tc.want) {
			t.Errorf("%s %s: %s, want %s", tc.digest, tc.tz, got, tc.want)
		}
	}
}

// A batch handed to the delivery twice (a replica killed after queuing,
// before its commit was seen) queues each (event, recipient) once.
func TestQueueingIsIdempotent(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, startTLS)
		r.openCase(t, "Phishing wave")
		evs := outboxEvents(t, db, events.CaseCreated)
		d := r.svc.Delivery()
		for range 2 {
			if err := db.InTx(context.Background(), func(ctx context.Context) error { return d.Handle(ctx, evs) }); err != nil {
				t.Fatal(err)
			}
		}
		if n := len(r.mails(t)); n != 1 {
			t.Fatalf("%d mail rows, want 1", n)
		}
	})
}

// Two senders (two replicas) racing over the same due mail send each once.
func TestTwoSendersSendEachMailOnce(t *testing.T) {
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		r := newRig(t, db, plainSMTP)
		r.svc = r.service(t, db, r.smtpTo(r.srv.addr, plainSMTP))
		var rs []cwmail.Recipient
		for i := range 30 {
			rs = append(rs, cwmail.Recipient{UserID: uuid.New(), Email: fmt.Sprintf("p%d@example.org", i), Name: "P", Digest: cwmail.DigestOff})
		}
		r.aud.recipients = rs
		r.openCase(t, "Phishing wave")
		other := r.service(t, db, r.smtpTo(r.srv.addr, plainSMTP))
		var wg sync.WaitGroup
		for _, s := range []*cwmail.Service{r.svc, other} {
			wg.Go(func() {
				for range 5 {
					if _, err := s.SendDue(context.Background()); err != nil {
						t.Error(err)
					}
				}
			})
		}
		wg.Wait()
		seen := map[string]int{}
		for _, m := range r.srv.messages() {
			seen[m.To[0]]++
		}
		if len(seen) != 30 {
			t.Fatalf("%d recipients reached, want 30", len(seen))
		}
		for to, n := range seen {
			if n != 1 {
				t.Errorf("%s got %d mails, want 1", to, n)
			}
		}
	})
}

// With no SMTP server configured, mail is off: nothing is sent.
func TestMailOffSendsNothing(t *testing.T) {
	db := dbtest.Open(t, store.SQLite)
	s := cwmail.New(db, &testAudience{}, nil, cwmail.Options{})
	if s.Enabled() {
		t.Fatal("mail on without a transport")
	}
	if n, err := s.SendDue(context.Background()); n != 0 || err != nil {
		t.Fatalf("sent %d (%v)", n, err)
	}
}

// The SMTP URL: STARTTLS unless told otherwise, implicit TLS for smtps.
func TestParseSMTPURL(t *testing.T) {
	for raw, want := range map[string]cwmail.SMTP{
		"smtp://u:p%40ss@mail.example.org:587":   {Addr: "mail.example.org:587", StartTLS: true, Username: "u", Password: "p@ss"},
		"smtp://mail.example.org?starttls=false": {Addr: "mail.example.org:587"},
		"smtps://mail.example.org":               {Addr: "mail.example.org:465", Implicit: true},
		"smtps://[::1]:2465":                     {Addr: "[::1]:2465", Implicit: true},
	} {
		got, err := cwmail.ParseSMTPURL(raw)
		if err != nil || got.Addr != want.Addr || got.StartTLS != want.StartTLS || got.Implicit != want.Implicit ||
			got.Username != want.Username || got.Password != want.Password {
			t.Errorf("%s: %+v (%v), want %+v", raw, got, err, want)
		}
	}
	for _, bad := range []string{"http://x", "smtp://", "smtp://x?starttls=maybe", "mail.example.org:25"} {
		if _, err := cwmail.ParseSMTPURL(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

// A notice to admins about undeliverable mail that is itself undeliverable
// is not noticed again: that would go round once a day for ever.
func TestAnUndeliverableNoticeIsNotNoticedAgain(t *testing.T) {
	db := dbtest.Open(t, store.SQLite)
	r := newRig(t, db, startTLS)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := ln.Addr().String()
	ln.Close()
	r.svc = r.service(t, db, r.smtpTo(down, startTLS))
	notice := events.Event{ID: uuid.NewString(), Kind: events.MailUndeliverable, OccurredAt: r.clock.Now(), EntityType: "mail",
		Action: "mail.undeliverable", Data: []byte(`{"changes":{}}`)}
	if err := db.AppendEvent(context.Background(), notice); err != nil {
		t.Fatal(err)
	}
	r.relay(t)
	for range 30 {
		r.sendDue(t)
		r.clock.Add(time.Hour)
	}
	if ms := r.mails(t, cwmail.StatusUndeliverable); len(ms) != 1 || ms[0].Kind != events.MailUndeliverable {
		t.Fatalf("undeliverable: %+v", ms)
	}
	if n := len(outboxEvents(t, db, events.MailUndeliverable)); n != 1 {
		t.Fatalf("%d notices, want only the first", n)
	}
}
