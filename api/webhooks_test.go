package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
	"github.com/caseward/caseward/internal/webhook"
)

type apiWebhook struct {
	ID                string   `json:"id"`
	URL               string   `json:"url"`
	Description       string   `json:"description"`
	Kinds             []string `json:"kinds"`
	Enabled           bool     `json:"enabled"`
	IncludeRestricted bool     `json:"include_restricted"`
	Secret            string   `json:"secret"`
	Version           int      `json:"version"`
}

type apiDelivery struct {
	ID       string `json:"id"`
	EventID  string `json:"event_id"`
	Type     string `json:"type"`
	Status   string `json:"status"`
	Attempts int    `json:"attempts"`
	Log      []struct {
		StatusCode *int   `json:"status_code"`
		Response   string `json:"response"`
		Error      string `json:"error"`
	} `json:"log"`
}

// Only admins configure webhooks: every other role gets 403 on every
// operation, and nothing they try changes anything.
func TestWebhooksAreAdminsAlone(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		admin := bearer(tokens["admin"])
		var w apiWebhook
		r := s.do("POST", "/api/v1/webhooks", map[string]any{"url": "http://127.0.0.1:9/hook", "kinds": []string{"case.created"}}, admin...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		r.json(&w)
		var d apiDelivery
		s.do("POST", "/api/v1/webhooks/"+w.ID+"/ping", nil, admin...).json(&d)
		for _, role := range []string{"responder", "department_head", "auditor"} {
			h := append(bearer(tokens[role]), "If-Match", `"1"`)
			for _, c := range []struct {
				method, path string
				body         any
			}{
				{"GET", "/webhooks", nil},
				{"POST", "/webhooks", map[string]any{"url": "https://example.com/", "kinds": []string{"case.created"}}},
				{"GET", "/webhooks/" + w.ID, nil},
				{"PATCH", "/webhooks/" + w.ID, map[string]any{"enabled": false}},
				{"POST", "/webhooks/" + w.ID + "/secret", nil},
				{"GET", "/webhooks/" + w.ID + "/deliveries", nil},
				{"POST", "/webhooks/" + w.ID + "/ping", nil},
				{"POST", "/webhook-deliveries/" + d.ID + "/redeliver", nil},
				{"DELETE", "/webhooks/" + w.ID, nil},
			} {
				if r := s.do(c.method, "/api/v1"+c.path, c.body, h...); r.StatusCode != http.StatusForbidden {
					t.Errorf("%s %s as %s: %d, want 403", c.method, c.path, role, r.StatusCode)
				}
			}
		}
		var after apiWebhook
		s.do("GET", "/api/v1/webhooks/"+w.ID, nil, admin...).json(&after)
		if after.Version != 1 || !after.Enabled || after.Secret != "" {
			t.Fatalf("after the others tried: %+v", after)
		}
	})
}

// The admin's round: bad input is a 422 naming the field and stores nothing;
// the secret is shown at creation and rotation only and never audited; a
// ping reaches a real receiver, is logged with its answer, and is sent again
// by hand with the same webhook-id.
func TestWebhookAdministration(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := bearer(s.signIn().AccessToken)
		var hits atomic.Int32
		ids := make(chan string, 10)
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			hits.Add(1)
			ids <- r.Header.Get("webhook-id")
			_, _ = w.Write([]byte("merci – شكرا"))
		}))
		t.Cleanup(rcv.Close)

		for _, c := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"url": rcv.URL, "kinds": []string{"case.exploded"}}, "kinds"},
			{map[string]any{"url": rcv.URL, "kinds": []string{}}, "kinds"},
			{map[string]any{"url": "https://169.254.169.254/latest", "kinds": []string{"case.created"}}, "url"},
			{map[string]any{"url": "https://10.0.0.7/", "kinds": []string{"case.created"}}, "url"},
			{map[string]any{"url": "https://admin:pw@example.com/", "kinds": []string{"case.created"}}, "url"},
		} {
			p := s.do("POST", "/api/v1/webhooks", c.body, admin...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Field, c.field) {
				t.Errorf("%v: errors %+v, want one on %s", c.body, p.Errors, c.field)
			}
		}
		var list struct{ Items []apiWebhook }
		s.do("GET", "/api/v1/webhooks", nil, admin...).json(&list)
		if len(list.Items) != 0 {
			t.Fatalf("refused webhooks were stored: %+v", list.Items)
		}

		var w apiWebhook
		r := s.do("POST", "/api/v1/webhooks", map[string]any{"url": rcv.URL + "/hooks", "description": "Zgłoszenia – SOC الأمن",
			"kinds": []string{"case.created", "task.assigned"}}, admin...)
		if r.StatusCode != http.StatusCreated || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		r.json(&w)
		if !strings.HasPrefix(w.Secret, "whsec_") || w.Description != "Zgłoszenia – SOC الأمن" || !w.Enabled || w.IncludeRestricted {
			t.Fatalf("created %+v", w)
		}
		var got apiWebhook
		s.do("GET", "/api/v1/webhooks/"+w.ID, nil, admin...).json(&got)
		if got.Secret != "" || got.Description != w.Description {
			t.Fatalf("read back %+v", got)
		}
		s.do("PATCH", "/api/v1/webhooks/"+w.ID, map[string]any{"enabled": false}, admin...).problem(t, http.StatusPreconditionRequired)
		s.do("PATCH", "/api/v1/webhooks/"+w.ID, map[string]any{"enabled": false}, append(admin, "If-Match", `"7"`)...).problem(t, http.StatusPreconditionFailed)
		s.do("PATCH", "/api/v1/webhooks/"+w.ID, map[string]any{"url": "https://[::1]/"}, append(admin, "If-Match", `"1"`)...).problem(t, http.StatusUnprocessableEntity)
		var rotated apiWebhook
		r = s.do("POST", "/api/v1/webhooks/"+w.ID+"/secret", nil, append(admin, "If-Match", `"1"`)...)
		r.json(&rotated)
		if r.StatusCode != http.StatusOK || rotated.Secret == w.Secret || !strings.HasPrefix(rotated.Secret, "whsec_") || rotated.Version != 2 {
			t.Fatalf("rotate: %d %s", r.StatusCode, r.body)
		}

		var d apiDelivery
		if r := s.do("POST", "/api/v1/webhooks/"+w.ID+"/ping", nil, admin...); r.StatusCode != http.StatusAccepted {
			t.Fatalf("ping: %d %s", r.StatusCode, r.body)
		} else {
			r.json(&d)
		}
		sender := &webhook.Sender{Store: db, Client: webhook.Guard{AllowHTTP: true, Allow: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}.Client(),
			Now: time.Now, Log: slog.New(slog.DiscardHandler)}
		if _, err := sender.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		if first := <-ids; first != d.EventID {
			t.Fatalf("webhook-id %s, want the delivery's event %s", first, d.EventID)
		}
		var log struct {
			Items      []apiDelivery
			NextCursor *string `json:"next_cursor"`
		}
		s.do("GET", "/api/v1/webhooks/"+w.ID+"/deliveries", nil, admin...).json(&log)
		if len(log.Items) != 1 || log.Items[0].Status != "delivered" || log.Items[0].Type != "webhook.ping" || len(log.Items[0].Log) != 1 ||
			*log.Items[0].Log[0].StatusCode != 200 || log.Items[0].Log[0].Response != "merci – شكرا" || log.NextCursor != nil {
			t.Fatalf("log %+v", log)
		}
		if r := s.do("POST", "/api/v1/webhook-deliveries/"+d.ID+"/redeliver", nil, admin...); r.StatusCode != http.StatusAccepted {
			t.Fatalf("redeliver: %d %s", r.StatusCode, r.body)
		}
		if _, err := sender.Once(context.Background()); err != nil {
			t.Fatal(err)
		}
		if again := <-ids; again != d.EventID || hits.Load() != 2 {
			t.Fatalf("redelivered with id %s (%d hits), want %s again", again, hits.Load(), d.EventID)
		}
		s.do("GET", "/api/v1/webhooks/"+w.ID+"/deliveries?limit=1", nil, admin...).json(&log)
		if len(log.Items) != 1 || len(log.Items[0].Log) != 2 || log.Items[0].Attempts != 2 {
			t.Fatalf("after redelivery: %+v", log)
		}
		s.do("GET", "/api/v1/webhooks/"+w.ID+"/deliveries?cursor=%21%21", nil, admin...).problem(t, http.StatusUnprocessableEntity)

		// Audited, never with a secret.
		rows, err := db.SQL().Query("SELECT action, changes FROM audit_events WHERE action LIKE 'webhook.%'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		actions := map[string]bool{}
		for rows.Next() {
			var action, changes string
			if err := rows.Scan(&action, &changes); err != nil {
				t.Fatal(err)
			}
			actions[action] = true
			if strings.Contains(changes, "whsec_") || strings.Contains(changes, strings.TrimPrefix(w.Secret, "whsec_")) {
				t.Errorf("%s audited a secret: %s", action, changes)
			}
		}
		for _, a := range []string{"webhook.create", "webhook.rotate_secret", "webhook.ping", "webhook.redeliver"} {
			if !actions[a] {
				t.Errorf("%s was not audited (got %v)", a, actions)
			}
		}
		if r := s.do("DELETE", "/api/v1/webhooks/"+w.ID, nil, admin...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d", r.StatusCode)
		}
		s.do("GET", "/api/v1/webhooks/"+w.ID, nil, admin...).problem(t, http.StatusNotFound)
		s.do("POST", "/api/v1/webhook-deliveries/"+d.ID+"/redeliver", nil, admin...).problem(t, http.StatusNotFound)
	})
}
