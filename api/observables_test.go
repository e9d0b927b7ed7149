package api_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

type apiObservable struct {
	ID        string   `json:"id"`
	Type      string   `json:"type"`
	Value     string   `json:"value"`
	TLP       string   `json:"tlp"`
	IOC       bool     `json:"ioc"`
	Tags      []string `json:"tags"`
	Sightings int      `json:"sightings"`
	Version   int      `json:"version"`
}

// Observables through the API: a defanged value is stored refanged, a repeat
// merges (200, not 201), a value not of its type is a 422 naming it and
// changes nothing, changes need If-Match, and the search and the preview see
// what the caller may see. Auditors read; department heads do not.
func TestObservablesThroughTheAPI(t *testing.T) {
	t.Parallel()
	dbtest.EachDialect(t, func(t *testing.T, db *store.DB) {
		s := newServer(t, db)
		tokens := signInAsEachRole(t, s)
		responder := tokens["responder"]
		env := &fuzzEnv{s: s}
		a := s.createCase(responder, caseBody("Phishing: Płace", nil))
		b := s.createCase(responder, caseBody("Ransomware: مستشفى", nil))
		path := "/api/v1/cases/" + a.ID + "/observables"

		var added struct {
			Merged     bool          `json:"merged"`
			Observable apiObservable `json:"observable"`
		}
		r := s.do(http.MethodPost, path, map[string]any{"type": "url", "value": "hxxps://Login-Firma[.]pl/owa", "tags": []string{"phishing"}}, bearer(responder)...)
		if r.StatusCode != http.StatusCreated {
			t.Fatalf("create: %d %s", r.StatusCode, r.body)
		}
		r.json(&added)
		if added.Merged || added.Observable.Value != "https://login-firma.pl/owa" || added.Observable.TLP != "amber" || r.Header.Get("ETag") != `"1"` {
			t.Fatalf("created: %+v, ETag %s", added, r.Header.Get("ETag"))
		}
		id := added.Observable.ID
		r = s.do(http.MethodPost, path, map[string]any{"type": "url", "value": "https://login-firma.pl/owa", "ioc": true}, bearer(responder)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("repeat: %d %s", r.StatusCode, r.body)
		}
		r.json(&added)
		if !added.Merged || added.Observable.ID != id || !added.Observable.IOC || added.Observable.Version != 2 {
			t.Fatalf("merged: %+v", added)
		}

		before := env.state(t)
		p := s.do(http.MethodPost, path, map[string]any{"type": "sha256", "value": "abc"}, bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "value" {
			t.Fatalf("a bad hash: %+v", p)
		}
		s.do(http.MethodPost, path, map[string]any{"type": "registry_key", "value": "HKLM"}, bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		s.do(http.MethodPost, path, map[string]any{"type": "ipv4", "value": "192.0.2.1", "tlp": "black"}, bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		p = s.do(http.MethodPost, path+"/bulk", map[string]any{"items": []map[string]any{{"type": "ipv4", "value": "192.0.2.1"}, {"type": "ipv4", "value": "192.0.2.300"}}},
			bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		if len(p.Errors) != 1 || p.Errors[0].Field != "items.1.value" {
			t.Fatalf("a bad item: %+v", p)
		}
		// A fault both tiers find is named once, as the contract names it.
		p = s.do(http.MethodPost, path+"/bulk", map[string]any{"items": []map[string]any{{"type": "registry_key", "value": "HKLM", "tags": []string{"a\u202Eb"}}}},
			bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		named := map[string]int{}
		for _, e := range p.Errors {
			named[e.Field]++
		}
		if len(named) != 2 || named["items.0.type"] != 1 || named["items.0.tags.0"] != 1 {
			t.Fatalf("a bad type and tag: %+v", p.Errors)
		}
		s.do(http.MethodPatch, "/api/v1/observables/"+id, map[string]any{"tlp": "red"}, bearer(responder)...).problem(t, http.StatusPreconditionRequired)
		s.do(http.MethodPatch, "/api/v1/observables/"+id, map[string]any{"tlp": "red"}, append(bearer(responder), "If-Match", `"1"`)...).problem(t, http.StatusPreconditionFailed)
		s.do(http.MethodDelete, "/api/v1/observables/"+id, nil, append(bearer(responder), "If-Match", `"1"`)...).problem(t, http.StatusPreconditionFailed)
		s.do(http.MethodPost, path, map[string]any{"type": "ipv4", "value": "192.0.2.1"}, bearer(tokens["auditor"])...).problem(t, http.StatusForbidden)
		s.do(http.MethodGet, path, nil, bearer(tokens["department_head"])...).problem(t, http.StatusForbidden)
		env.same(t, before, "every refused request")

		// The same address in the other case is a sighting of each.
		var preview struct {
			Items []struct {
				Type      string `json:"type"`
				Value     string `json:"value"`
				OnCase    bool   `json:"on_case"`
				Sightings int    `json:"sightings"`
			} `json:"items"`
		}
		s.do(http.MethodPost, "/api/v1/cases/"+b.ID+"/observables/preview", map[string]any{"text": "Beacon to hxxps://login-firma[.]pl/owa from 10.1.2[.]3"},
			bearer(responder)...).json(&preview)
		if len(preview.Items) != 2 || preview.Items[0].Value != "https://login-firma.pl/owa" || preview.Items[0].Sightings != 1 || preview.Items[0].OnCase ||
			preview.Items[1].Value != "10.1.2.3" {
			t.Fatalf("preview: %+v", preview)
		}
		var bulk struct {
			Items []struct {
				Merged     bool          `json:"merged"`
				Observable apiObservable `json:"observable"`
			} `json:"items"`
		}
		r = s.do(http.MethodPost, "/api/v1/cases/"+b.ID+"/observables/bulk", map[string]any{"items": []map[string]any{
			{"type": preview.Items[0].Type, "value": preview.Items[0].Value}, {"type": preview.Items[1].Type, "value": preview.Items[1].Value}}}, bearer(responder)...)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("bulk: %d %s", r.StatusCode, r.body)
		}
		r.json(&bulk)
		if len(bulk.Items) != 2 || bulk.Items[0].Observable.Sightings != 1 {
			t.Fatalf("bulk: %+v", bulk)
		}
		var list struct {
			Items      []apiObservable `json:"items"`
			NextCursor *string         `json:"next_cursor"`
		}
		s.do(http.MethodGet, path, nil, bearer(tokens["auditor"])...).json(&list)
		if len(list.Items) != 1 || list.Items[0].Sightings != 1 || list.NextCursor != nil {
			t.Fatalf("the auditor's list: %+v", list)
		}
		var found struct {
			Items []struct {
				Observable    apiObservable `json:"observable"`
				CaseReference string        `json:"case_reference"`
				CaseTitle     string        `json:"case_title"`
			} `json:"items"`
		}
		s.do(http.MethodGet, "/api/v1/observables?value="+url.QueryEscape("hxxps://login-firma[.]pl/owa"), nil, bearer(responder)...).json(&found)
		if len(found.Items) != 2 || found.Items[0].CaseTitle != "Ransomware: مستشفى" || found.Items[1].CaseReference != a.Reference {
			t.Fatalf("search: %+v", found)
		}
		// The STIX bundle of the indicators (the merged URL): a download, red withheld by default.
		r = s.do(http.MethodGet, path+"/export?format=stix", nil, bearer(tokens["auditor"])...)
		if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/stix+json;version=2.1" ||
			r.Header.Get("X-Caseward-Withheld") != "0" || !strings.Contains(string(r.body), `"pattern": "[url:value = 'https://login-firma.pl/owa']"`) ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), `attachment; filename="`+a.Reference) {
			t.Fatalf("stix export: %d %v %s", r.StatusCode, r.Header, r.body)
		}
		s.do(http.MethodGet, path+"/export?format=xml", nil, bearer(responder)...).problem(t, http.StatusUnprocessableEntity)
		r = s.do(http.MethodDelete, "/api/v1/observables/"+id, nil, append(bearer(responder), "If-Match", `"2"`)...)
		if r.StatusCode != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.StatusCode, r.body)
		}
		s.do(http.MethodGet, "/api/v1/observables/"+id, nil, bearer(responder)...).problem(t, http.StatusNotFound)
	})
}
