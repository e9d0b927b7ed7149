package api_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/relay"
	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiNotification struct {
	ID            string  `json:"id"`
	Kind          string  `json:"kind"`
	CaseID        *string `json:"case_id"`
	CaseReference *string `json:"case_reference"`
	CaseTitle     *string `json:"case_title"`
	ActorName     string  `json:"actor_name"`
	Sentence      string  `json:"sentence"`
	ReadAt        *string `json:"read_at"`
}

type followState struct {
	Following bool `json:"following"`
	Implicit  bool `json:"implicit"`
}

// deliverInApp runs the in-app relay over what is waiting, as caseward serve does.
func (s *server) deliverInApp() {
	s.t.Helper()
	if _, err := relay.Once(context.Background(), s.db, s.deps.Notify.InAppDelivery()); err != nil {
		s.t.Fatal(err)
	}
}

func (s *server) unread(token string) int64 {
	s.t.Helper()
	r := s.do(http.MethodGet, "/api/v1/me/notifications/unread-count", nil, bearer(token)...)
	if r.StatusCode != http.StatusOK {
		s.t.Fatalf("unread count: %d %s", r.StatusCode, r.body)
	}
	var c struct{ Unread int64 }
	r.json(&c)
	return c.Unread
}

// Every role has its own bell and settings: a follower is told of a case's
// move with a sentence and the case's reference; nobody else may mark it
// read (404, and it stays unread); the follower marks it read and the count
// drops. Preferences start at their defaults; an unknown kind or channel is
// a 422 naming the field and changes nothing.
func TestNotificationsArePerUserForEveryRole(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		dept := s.createDepartment(admin, "Księgowość — المحاسبة")
		tokens := map[string]string{"admin": admin}
		for _, role := range []string{"responder", "department_head", "auditor"} {
			body := map[string]any{"email": role + "@example.org", "name": role, "role": role, "password": "a long enough password"}
			if role == "department_head" {
				body["department_id"] = dept.ID
			}
			s.createUser(admin, body)
			tokens[role] = s.signInAs(t, role+"@example.org", "a long enough password").AccessToken
		}
		s.deliverInApp() // the delivery starts here
		c := s.createCase(admin, caseBody("Wyciek — تسرب", map[string]any{"department_id": dept.ID}))
		s.deliverInApp() // its opening reaches the head, who follows the department by default
		if got := s.unread(tokens["department_head"]); got != 1 {
			t.Fatalf("head told of the opening: %d unread, want 1", got)
		}
		s.do(http.MethodPost, "/api/v1/me/notifications/read-all", nil, bearer(tokens["department_head"])...)
		for _, role := range []string{"responder", "auditor"} {
			r := s.do(http.MethodPut, "/api/v1/me/follows/case/"+c.ID, nil, bearer(tokens[role])...)
			var st followState
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s follows: %d %s", role, r.StatusCode, r.body)
			}
			if r.json(&st); !st.Following || st.Implicit {
				t.Fatalf("%s follows: %+v", role, st)
			}
		}
		var st followState
		s.do(http.MethodGet, "/api/v1/me/follows/department/"+dept.ID, nil, bearer(tokens["department_head"])...).json(&st)
		if !st.Following || !st.Implicit {
			t.Fatalf("head's own department: %+v, want followed by default", st)
		}
		if r := s.transition(admin, c.ID, "triage"); r.StatusCode != http.StatusOK {
			t.Fatalf("move: %d %s", r.StatusCode, r.body)
		}
		s.deliverInApp()
		for role, want := range map[string]int64{"admin": 0, "responder": 1, "department_head": 1, "auditor": 1} {
			if got := s.unread(tokens[role]); got != want {
				t.Fatalf("%s: %d unread, want %d", role, got, want)
			}
		}
		var list struct{ Items []apiNotification }
		s.do(http.MethodGet, "/api/v1/me/notifications?unread=true", nil, bearer(tokens["responder"])...).json(&list)
		if len(list.Items) != 1 {
			t.Fatalf("responder's notifications: %+v", list.Items)
		}
		n := list.Items[0]
		if n.Kind != "case.status_changed" || n.CaseReference == nil || *n.CaseReference != c.Reference || n.ActorName == "" ||
			!strings.Contains(strings.ToLower(n.Sentence), "triage") || n.ReadAt != nil {
			t.Fatalf("notification %+v", n)
		}
		for _, other := range []string{"admin", "auditor", "department_head"} {
			s.do(http.MethodPost, "/api/v1/me/notifications/"+n.ID+"/read", nil, bearer(tokens[other])...).problem(t, http.StatusNotFound)
		}
		if got := s.unread(tokens["responder"]); got != 1 {
			t.Fatalf("after others tried: %d unread", got)
		}
		if r := s.do(http.MethodPost, "/api/v1/me/notifications/"+n.ID+"/read", nil, bearer(tokens["responder"])...); r.StatusCode != http.StatusNoContent {
			t.Fatalf("mark read: %d %s", r.StatusCode, r.body)
		}
		if got := s.unread(tokens["responder"]); got != 0 {
			t.Fatalf("after marking read: %d unread", got)
		}
		var marked struct{ Marked int64 }
		s.do(http.MethodPost, "/api/v1/me/notifications/read-all", nil, bearer(tokens["auditor"])...).json(&marked)
		if marked.Marked != 1 || s.unread(tokens["auditor"]) != 0 {
			t.Fatalf("mark all read: %+v", marked)
		}

		// Preferences: defaults, then a change, then bad input that changes nothing.
		for role, token := range tokens {
			var p struct {
				EmailDigest string `json:"email_digest"`
				Preferences []struct {
					Kind, Channel string
					Enabled       bool
				}
			}
			s.do(http.MethodGet, "/api/v1/me/notification-preferences", nil, bearer(token)...).json(&p)
			on := map[string]bool{}
			for _, x := range p.Preferences {
				on[x.Kind+"/"+x.Channel] = x.Enabled
			}
			if p.EmailDigest != "off" || !on["case.created/in_app"] || on["case.created/email"] || !on["clock.overdue/email"] {
				t.Fatalf("%s: defaults %+v", role, p)
			}
			if _, ok := on["webhook.disabled/email"]; ok != (role == "admin") {
				t.Fatalf("%s: the admins' notices offered: %v", role, ok)
			}
		}
		r := s.do(http.MethodPut, "/api/v1/me/notification-preferences", map[string]any{"email_digest": "daily",
			"preferences": []map[string]any{{"kind": "case.created", "channel": "email", "enabled": true}}}, bearer(tokens["responder"])...)
		if r.StatusCode != http.StatusOK || !strings.Contains(string(r.body), `"daily"`) {
			t.Fatalf("set preferences: %d %s", r.StatusCode, r.body)
		}
		for _, bad := range []map[string]any{
			{"preferences": []map[string]any{{"kind": "case.exploded", "channel": "email", "enabled": true}}},
			{"preferences": []map[string]any{{"kind": "case.created", "channel": "pigeon", "enabled": false}}},
			{"email_digest": "weekly"},
		} {
			p := s.do(http.MethodPut, "/api/v1/me/notification-preferences", bad, bearer(tokens["responder"])...).problem(t, http.StatusUnprocessableEntity)
			if len(p.Errors) == 0 || !strings.Contains(p.Errors[0].Field, map[bool]string{true: "preferences", false: "email_digest"}[bad["preferences"] != nil]) {
				t.Fatalf("%v: problem %+v names no field", bad, p)
			}
		}
		r = s.do(http.MethodGet, "/api/v1/me/notification-preferences", nil, bearer(tokens["responder"])...)
		if !strings.Contains(string(r.body), `"daily"`) {
			t.Fatalf("bad input changed the digest: %s", r.body)
		}
	})
}

// The bell names a notification's case by its title as it is when the bell
// is read, Polish and Arabic intact: after a rename, the new title under the
// reference told at the time. Once the case is restricted, a follower who is
// neither its owner nor a member is given neither the notification nor the
// title (not even in the raw body); a member still sees both.
func TestNotificationNamesItsCaseByTitleWhileTheReaderMaySeeIt(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		tokens, ids := map[string]string{}, map[string]string{}
		for _, who := range []string{"reader", "member"} {
			u := s.createUser(admin, map[string]any{"email": who + "@example.org", "name": who, "role": "responder", "password": "a long enough password"})
			ids[who] = u.User.ID
			tokens[who] = s.signInAs(t, who+"@example.org", "a long enough password").AccessToken
		}
		const told, renamed = "Wyciek danych płacowych — تسرب بيانات الرواتب", "Wyciek potwierdzony — تم تأكيد التسرب"
		c := s.createCase(admin, caseBody(told, nil))
		for _, token := range tokens {
			if r := s.do(http.MethodPut, "/api/v1/me/follows/case/"+c.ID, nil, bearer(token)...); r.StatusCode != http.StatusOK {
				t.Fatalf("follow: %d %s", r.StatusCode, r.body)
			}
		}
		s.deliverInApp() // the delivery starts here
		moved := s.transition(admin, c.ID, "triage")
		if moved.StatusCode != http.StatusOK {
			t.Fatalf("move: %d %s", moved.StatusCode, moved.body)
		}
		moved.json(&c)
		s.deliverInApp()
		bell := func(who string) (response, []apiNotification) {
			t.Helper()
			r := s.do(http.MethodGet, "/api/v1/me/notifications", nil, bearer(tokens[who])...)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%s's bell: %d %s", who, r.StatusCode, r.body)
			}
			var list struct{ Items []apiNotification }
			r.json(&list)
			return r, list.Items
		}
		titled := func(when, who, want string) {
			t.Helper()
			_, items := bell(who)
			if len(items) != 1 || items[0].CaseReference == nil || *items[0].CaseReference != c.Reference ||
				items[0].CaseTitle == nil || *items[0].CaseTitle != want {
				t.Fatalf("%s, %s's bell: %+v, want %s titled %q", when, who, items, c.Reference, want)
			}
		}
		titled("as told", "reader", told)
		titled("as told", "member", told)

		r := s.patchCase(admin, c, map[string]any{"title": renamed})
		if r.StatusCode != http.StatusOK {
			t.Fatalf("rename: %d %s", r.StatusCode, r.body)
		}
		r.json(&c)
		titled("renamed", "reader", renamed)
		titled("renamed", "member", renamed)

		if r := s.patchCase(admin, c, map[string]any{"restricted": true, "member_ids": []string{ids["member"]}}); r.StatusCode != http.StatusOK {
			t.Fatalf("restrict: %d %s", r.StatusCode, r.body)
		}
		raw, items := bell("reader")
		if len(items) != 0 || strings.Contains(string(raw.body), "Wyciek") || strings.Contains(string(raw.body), c.Reference) {
			t.Fatalf("restricted, the reader's bell: %s", raw.body)
		}
		titled("restricted", "member", renamed)
	})
}

// Following a case one may not see is the same 404 as one that does not
// exist, and stores nothing; the directory is every role's to follow.
func TestFollowingWhatYouMayNotSeeIsNotFound(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		fin := s.createDepartment(admin, "Finance")
		other := s.createDepartment(admin, "Clinical")
		s.createUser(admin, map[string]any{"email": "sam@example.org", "name": "Sam", "role": "responder", "password": "a long enough password"})
		s.createUser(admin, map[string]any{"email": "head@example.org", "name": "Head", "role": "department_head", "department_id": other.ID, "password": "a long enough password"})
		sam := s.signInAs(t, "sam@example.org", "a long enough password").AccessToken
		head := s.signInAs(t, "head@example.org", "a long enough password").AccessToken
		secret := s.createCase(admin, caseBody("Secret", map[string]any{"restricted": true}))
		finCase := s.createCase(admin, caseBody("Finance only", map[string]any{"department_id": fin.ID}))
		for _, call := range []struct{ token, path string }{
			{sam, "/case/" + secret.ID}, {head, "/case/" + finCase.ID}, {sam, "/case/01890000-0000-7000-8000-000000000000"},
			{sam, "/service/01890000-0000-7000-8000-000000000000"},
		} {
			for _, method := range []string{http.MethodPut, http.MethodGet, http.MethodDelete} {
				p := s.do(method, "/api/v1/me/follows"+call.path, nil, bearer(call.token)...).problem(t, http.StatusNotFound)
				if strings.Contains(p.Detail+p.Title, "Secret") || strings.Contains(p.Detail+p.Title, secret.Reference) {
					t.Fatalf("the 404 tells: %+v", p)
				}
			}
		}
		p := s.do(http.MethodPut, "/api/v1/me/follows/planet/"+fin.ID, nil, bearer(sam)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "target_type" {
			t.Fatalf("an unknown target: %+v", p)
		}
		for _, token := range []string{sam, head} {
			var l struct {
				Items []struct {
					TargetType string `json:"target_type"`
				}
			}
			s.do(http.MethodGet, "/api/v1/me/follows", nil, bearer(token)...).json(&l)
			if len(l.Items) != map[string]int{sam: 0, head: 1}[token] { // the head's own department, by default
				t.Fatalf("follows after refusals: %+v", l.Items)
			}
		}
		if r := s.do(http.MethodPut, "/api/v1/me/follows/department/"+fin.ID, nil, bearer(head)...); r.StatusCode != http.StatusOK {
			t.Fatalf("another department's head follows the department: %d %s", r.StatusCode, r.body)
		}
	})
}
