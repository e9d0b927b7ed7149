package api_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// forger is a hand-made provider: discovery, its key set, an authorization
// endpoint that signs Ann in at once, and a token endpoint whose ID token
// has the defect asked for. zitadel's op makes only good tokens; this one
// makes the bad ones a relying party must refuse.
type forger struct {
	url    string
	key    *rsa.PrivateKey
	mu     sync.Mutex
	defect string
	nonces map[string]string // code → nonce
}

func startForger(t *testing.T) *forger {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	f := &forger{key: key, nonces: map[string]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, map[string]any{"issuer": f.url, "authorization_endpoint": f.url + "/authorize", "token_endpoint": f.url + "/token",
			"jwks_uri": f.url + "/keys", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"}})
	})
	mux.HandleFunc("GET /keys", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "forger", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("GET /authorize", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		code := rand.Text()
		f.mu.Lock()
		f.nonces[code] = q.Get("nonce")
		f.mu.Unlock()
		back := q.Get("redirect_uri") + "?code=" + code + "&state=" + url.QueryEscape(q.Get("state"))
		http.Redirect(w, r, back, http.StatusFound)
	})
	mux.HandleFunc("POST /token", func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		f.mu.Lock()
		nonce, ok := f.nonces[r.PostForm.Get("code")]
		delete(f.nonces, r.PostForm.Get("code"))
		defect := f.defect
		f.mu.Unlock()
		if !ok {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			_, _ = w.Write([]byte(`{"error":"invalid_grant"}`))
			return
		}
		writeJSON(w, map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": f.idToken(t, defect, nonce)})
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	f.url = srv.URL
	return f
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// idToken is Ann's ID token, with the defect asked for.
func (f *forger) idToken(t *testing.T, defect, nonce string) string {
	now := time.Now()
	claims := map[string]any{"iss": f.url, "sub": "sub-ann", "aud": ssoClientID, "nonce": nonce, "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "email": "ann@example.org", "email_verified": true, "name": "Ann Analyst",
		"groups": []string{"cw-admins"}}
	switch defect {
	case "expired":
		claims["iat"], claims["exp"] = now.Add(-time.Hour).Unix(), now.Add(-30*time.Minute).Unix()
	case "wrong issuer":
		claims["iss"] = "https://login.evil.example"
	case "wrong audience":
		claims["aud"] = "another-app"
	case "wrong nonce":
		claims["nonce"] = rand.Text()
	case "unverified email":
		claims["email_verified"] = false
	case "invalid email":
		claims["email"] = "Ann <ann@example.org>"
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		t.Fatal(err)
	}
	if defect == "unsigned" { // alg none
		enc := base64.RawURLEncoding
		return enc.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + enc.EncodeToString(payload) + "."
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: f.key, KeyID: "forger"}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := signer.Sign(payload)
	if err != nil {
		t.Fatal(err)
	}
	token, err := sig.CompactSerialize()
	if err != nil {
		t.Fatal(err)
	}
	if defect == "tampered" { // the same signature over claims changed after signing
		parts := strings.Split(token, ".")
		claims["groups"] = []string{"cw-admins", "root"}
		changed, _ := json.Marshal(claims)
		parts[1] = base64.RawURLEncoding.EncodeToString(changed)
		token = strings.Join(parts, ".")
	}
	return token
}

// Each defect of an ID token is refused at the callback (the SPA is told
// "token") and audited with what was wrong, as is an email the provider
// says it has not verified; a good token signs in.
func TestSingleSignOnRefusesEachDefectOfTheIDToken(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		f := startForger(t)
		enableSSO(t, s, f.url)
		for _, c := range []struct{ defect, code, reason string }{
			{"tampered", "token", "bad_signature"},
			{"expired", "token", "token_expired"},
			{"unsigned", "token", "unsigned_or_malformed"},
			{"wrong issuer", "token", "wrong_issuer"},
			{"wrong audience", "token", "wrong_audience"},
			{"wrong nonce", "token", "wrong_nonce"},
			{"unverified email", "email", "email_unverified"},
			{"invalid email", "email", "email_invalid"},
		} {
			f.mu.Lock()
			f.defect = c.defect
			f.mu.Unlock()
			res, _ := newBrowser(t, s).start("/")
			if res.StatusCode != http.StatusFound {
				t.Fatalf("%s: %d", c.defect, res.StatusCode)
			}
			t.Run(c.defect, func(t *testing.T) { refusedFor(t, s, res.Header.Get("Location"), c.code, c.reason) })
		}
		var n int
		if err := s.db.SQL().QueryRow("SELECT count(*) FROM oidc_identities").Scan(&n); err != nil || n != 0 {
			t.Errorf("identities after refused tokens: %d %v", n, err)
		}
		f.mu.Lock()
		f.defect = ""
		f.mu.Unlock()
		res, _ := newBrowser(t, s).start("/")
		if code := handoffCode(t, res.Header.Get("Location")); code == "" {
			t.Error("a good token did not sign in")
		}
	})
}
