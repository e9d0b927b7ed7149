package api_test

import (
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// A body declared larger than the limit is refused from its Content-Length
// at once, with a 413 problem, before any of it is read: the client here
// sends the headers and a few bytes, then nothing, under the production body
// timeouts (30 s for JSON, 60 s of stall for uploads). So is any request
// refused before its body was read (here: no token), instead of the server
// waiting for the rest of the body to keep the connection.
func TestDeclaredOversizedBodyIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		admin := s.signIn().AccessToken
		kase := s.createCase(admin, caseBody("Declared sizes", nil))
		auth := "Authorization: Bearer " + admin + "\r\n"
		for _, c := range []struct {
			name, head string
			status     int
		}{
			{"3 GB of JSON", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 3000000000\r\n\r\n", http.StatusRequestEntityTooLarge},
			{"JSON just over 1 MiB", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: " + strconv.Itoa(1<<20+1) + "\r\n\r\n", http.StatusRequestEntityTooLarge},
			{"upload over --max-upload", "POST /api/v1/cases/" + kase.ID + "/evidence HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: " + strconv.Itoa(3*testMaxUpload) + "\r\n\r\n", http.StatusRequestEntityTooLarge},
			{"3 GB upload", "POST /api/v1/cases/" + kase.ID + "/evidence HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: multipart/form-data; boundary=xx\r\nContent-Length: 3000000000\r\n\r\n", http.StatusRequestEntityTooLarge},
			{"no token, body pending", "POST /api/v1/cases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n", http.StatusUnauthorized},
		} {
			t.Run(c.name, func(t *testing.T) {
				res, b, took := rawExchange(t, s, c.head, []byte(`{"ti`))
				response{Response: res, body: b}.problem(t, c.status)
				if took > 5*time.Second {
					t.Fatalf("answered after %v: the server waited for the body", took)
				}
				if !res.Close {
					t.Fatal("the connection stays open with the refused body still to come")
				}
			})
		}
		if n := s.evidenceCount(admin, kase.ID); n != 0 {
			t.Fatalf("%d items recorded", n)
		}
	})
}
