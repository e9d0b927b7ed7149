package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// mailAudience keeps what the unsubscribe links asked of it.
type mailAudience struct {
	mu   sync.Mutex
	done []string
}

func (a *mailAudience) RecipientsOf(_ context.Context, evs []events.Event, _ string) ([][]mail.Recipient, error) {
	return make([][]mail.Recipient, len(evs)), nil
}

func (a *mailAudience) Unsubscribe(_ context.Context, userID uuid.UUID, kind, channel string) error {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.done = append(a.done, userID.String()+" "+kind+" "+channel)
	return nil
}

func (a *mailAudience) calls() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.done...)
}

// withMail rebuilds s with a mail service whose audience is aud.
func withMail(s *server, aud mail.Audience) *mail.Service {
	s.t.Helper()
	svc := mail.New(s.db, aud, audit.NewRecorder(s.db), mail.Options{From: "caseward@example.org", PublicURL: "https://caseward.test"})
	s.deps.Mail = svc
	s.echo = buildEcho(s.t, s.deps)
	s.serving.Store(s.echo)
	return svc
}

type apiMail struct {
	ID        string  `json:"id"`
	Kind      string  `json:"kind"`
	Status    string  `json:"status"`
	Name      string  `json:"name"`
	Attempts  int     `json:"attempts"`
	LastError string  `json:"last_error"`
	GiveUpAt  *string `json:"give_up_at"`
	CaseID    *string `json:"case_id"`
}

type apiMailList struct {
	Items      []apiMail `json:"items"`
	NextCursor *string   `json:"next_cursor"`
}

// seedMail queues one mail of each status but sent, with Polish and Arabic
// in names and errors.
func seedMail(t *testing.T, db *store.DB) map[string]uuid.UUID {
	t.Helper()
	ids := map[string]uuid.UUID{}
	at := time.Now().UTC().Add(-time.Hour)
	var ms []mail.Message
	for i, st := range []string{mail.StatusQueued, mail.StatusRetrying, mail.StatusUndeliverable} {
		id := uuid.New()
		ids[st] = id
		ms = append(ms, mail.Message{ID: id, EventID: uuid.NewString(), EventSeq: int64(i + 1), Kind: events.CaseCreated,
			Event: events.Event{ID: uuid.NewString(), Kind: events.CaseCreated}, UserID: uuid.New(), Email: fmt.Sprintf("p%d@example.org", i),
			Name: "Łucja Żółć — لوسيا", TimeZone: "Europe/Warsaw", Digest: mail.DigestOff, Status: st, DueAt: at,
			MessageID: "x@example.org", CreatedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	if err := db.QueueMail(context.Background(), ms); err != nil {
		t.Fatal(err)
	}
	return ids
}

// Admins list mail newest first, by status, page by page, and retry a failed
// one by hand (audited); a mail that did not fail cannot be retried; other
// roles are refused (TestEveryOperationTimesEveryRole).
func TestMailAdminPage(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		withMail(s, &mailAudience{})
		ids := seedMail(t, db)
		admin := bearer(s.signIn().AccessToken)

		var all apiMailList
		s.do("GET", "/api/v1/admin/mail", nil, admin...).json(&all)
		if len(all.Items) != 3 || all.Items[0].Status != mail.StatusUndeliverable || all.Items[0].Name != "Łucja Żółć — لوسيا" || all.NextCursor != nil {
			t.Fatalf("list: %+v", all)
		}
		var failed apiMailList
		s.do("GET", "/api/v1/admin/mail?status=retrying&status=undeliverable", nil, admin...).json(&failed)
		if len(failed.Items) != 2 {
			t.Fatalf("failed mail: %+v", failed)
		}
		seen := map[string]bool{}
		path := "/api/v1/admin/mail?limit=1"
		for range 5 {
			var p apiMailList
			s.do("GET", path, nil, admin...).json(&p)
			for _, m := range p.Items {
				if seen[m.ID] {
					t.Fatalf("%s on two pages", m.ID)
				}
				seen[m.ID] = true
			}
			if p.NextCursor == nil {
				break
			}
			path = "/api/v1/admin/mail?limit=1&cursor=" + url.QueryEscape(*p.NextCursor)
		}
		if len(seen) != 3 {
			t.Fatalf("pages held %d mails, want 3", len(seen))
		}
		s.do("GET", "/api/v1/admin/mail?status=lost", nil, admin...).problem(t, http.StatusUnprocessableEntity)
		s.do("GET", "/api/v1/admin/mail?cursor=bm90LWEtY3Vyc29y", nil, admin...).problem(t, http.StatusUnprocessableEntity)

		var retried apiMail
		r := s.do("POST", "/api/v1/admin/mail/"+ids[mail.StatusUndeliverable].String()+"/retry", nil, admin...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("retry: %d %s", r.StatusCode, r.body)
		}
		r.json(&retried)
		if retried.Status != mail.StatusQueued || retried.GiveUpAt != nil || retried.CaseID != nil {
			t.Fatalf("retried: %+v", retried)
		}
		s.do("POST", "/api/v1/admin/mail/"+ids[mail.StatusUndeliverable].String()+"/retry", nil, admin...).problem(t, http.StatusConflict)
		s.do("POST", "/api/v1/admin/mail/"+ids[mail.StatusQueued].String()+"/retry", nil, admin...).problem(t, http.StatusConflict)
		s.do("POST", "/api/v1/admin/mail/"+uuid.NewString()+"/retry", nil, admin...).problem(t, http.StatusNotFound)
		trail, err := db.EventsAfter(context.Background(), 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range trail {
			if e.Action == "mail.retry" && e.EntityID == ids[mail.StatusUndeliverable].String() {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("mail.retry recorded %d times, want 1", n)
		}
	})
}

// A mail's unsubscribe link works without sign-in: GET says what it will do
// and changes nothing, POST (RFC 8058 one-click, a form body) does it; a
// tampered or foreign token is a 422 problem and changes nothing.
func TestMailUnsubscribeLink(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		aud := &mailAudience{}
		svc := withMail(s, aud)
		user := uuid.New()
		token, err := svc.Token(context.Background(), mail.Unsubscription{UserID: user, Kind: events.TaskAssigned})
		if err != nil {
			t.Fatal(err)
		}
		foreign, err := mail.New(dbtest.Open(t, store.SQLite), aud, nil, mail.Options{}).Token(context.Background(),
			mail.Unsubscription{UserID: user, Kind: events.TaskAssigned})
		if err != nil {
			t.Fatal(err)
		}
		payload, mac, _ := strings.Cut(token, ".")
		otherKind, err := svc.Token(context.Background(), mail.Unsubscription{UserID: user, Kind: events.CaseCreated})
		if err != nil {
			t.Fatal(err)
		}
		otherPayload, _, _ := strings.Cut(otherKind, ".")
		for _, bad := range []string{foreign, otherPayload + "." + mac, payload + "." + strings.Repeat("A", len(mac)), payload, "x.y"} {
			for _, method := range []string{"GET", "POST"} {
				s.do(method, "/api/v1/mail/unsubscribe?token="+url.QueryEscape(bad), nil).problem(t, http.StatusUnprocessableEntity)
			}
		}
		s.do("GET", "/api/v1/mail/unsubscribe", nil).problem(t, http.StatusUnprocessableEntity)
		s.do("GET", "/api/v1/mail/unsubscribe?token=%3Cscript%3E", nil).problem(t, http.StatusUnprocessableEntity)
		if got := aud.calls(); len(got) != 0 {
			t.Fatalf("bad tokens unsubscribed %v", got)
		}

		var u struct{ Kind, Label, Channel string }
		r := s.do("GET", "/api/v1/mail/unsubscribe?token="+url.QueryEscape(token), nil)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("preview: %d %s", r.StatusCode, r.body)
		}
		r.json(&u)
		if u.Kind != events.TaskAssigned || u.Label != events.Label(events.TaskAssigned) || u.Channel != "email" || len(aud.calls()) != 0 {
			t.Fatalf("preview %+v, calls %v", u, aud.calls())
		}
		r = s.do("POST", "/api/v1/mail/unsubscribe?token="+url.QueryEscape(token), "List-Unsubscribe=One-Click",
			"Content-Type", "application/x-www-form-urlencoded")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("one-click: %d %s", r.StatusCode, r.body)
		}
		if got := aud.calls(); len(got) != 1 || got[0] != user.String()+" task.assigned email" {
			t.Fatalf("unsubscribed %v", got)
		}
	})
}
