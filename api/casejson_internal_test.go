package api

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/cases"
)

// The hand-written case encoder must write exactly what encoding/json writes
// for toAPICase and toAPICaseWithMoves. Every field of the domain case is
// filled at random by reflection, and a field the contract adds (and
// toAPICase sets) that casejson.go does not write fails here.
func TestCaseJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 3000 {
		var c cases.Case
		fillRandom(rng, reflect.ValueOf(&c).Elem())
		if i%3 == 0 { // real statuses, so that moves and blockers vary
			c.Status = cases.Statuses[rng.IntN(len(cases.Statuses))]
		}
		now := time.Unix(rng.Int64N(4_000_000_000), 0).UTC()
		for _, withMoves := range []bool{false, true} {
			api := toAPICase(c, now)
			if withMoves {
				api = toAPICaseWithMoves(c, now)
			}
			want, err := json.Marshal(api)
			if err != nil {
				t.Fatalf("case %d: encoding/json: %v", i, err)
			}
			if got := appendCase(nil, &c, now, withMoves); !bytes.Equal(got, want) {
				t.Fatalf("case %d (moves %v):\n got %s\nwant %s", i, withMoves, got, want)
			}
		}
	}
}

func TestCaseListJSONMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	rng := rand.New(rand.NewPCG(3, 4))
	now := time.Now()
	for _, n := range []int{0, 1, 3} {
		list := make([]cases.Case, n)
		for i := range list {
			fillRandom(rng, reflect.ValueOf(&list[i]).Elem())
		}
		for _, next := range []nullable.Nullable[string]{nullable.NewNullNullable[string](), nullable.NewNullableWithValue("c<u>rsor")} {
			for _, total := range []*listTotal{nil, {n: 0}, {n: 312}, {n: 10000, capped: true}} {
				items := make([]gen.Case, n)
				for i, c := range list {
					items[i] = toAPICase(c, now)
				}
				page := gen.CaseList{Items: items, NextCursor: next}
				if total != nil {
					n := int32(total.n)
					page.Total, page.TotalCapped = &n, &total.capped
				}
				want, _ := json.Marshal(page)
				if got := appendCaseList(nil, list, now, next, total); !bytes.Equal(got, want) {
					t.Fatalf("%d cases:\n got %s\nwant %s", n, got, want)
				}
			}
		}
	}
}

func TestCaseResponsesAreOneJSONLine(t *testing.T) {
	t.Parallel()
	c := cases.Case{ID: uuid.New(), Title: "<b>Ransomware</b> & more", Status: cases.Recovering}
	now := time.Now()
	rec := httptest.NewRecorder()
	if err := (caseResponse{c: c, now: now, etag: `"3"`}).VisitGetCaseResponse(rec); err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(toAPICaseWithMoves(c, now))
	if rec.Code != 200 || rec.Header().Get("ETag") != `"3"` || rec.Header().Get("Content-Type") != "application/json" ||
		rec.Body.String() != string(want)+"\n" {
		t.Fatalf("status %d, headers %v, body %s", rec.Code, rec.Header(), rec.Body)
	}
}

var randomText = []string{"", "plain", `quote " \ back`, "<script>&", "line\nbreak\t\x00", "é 漢字", "\u2028", "bad \xff", "INC-2026-0001"}

// fillRandom sets v, and everything inside it, to random values of its type,
// with nil, empty or full lists and nil or set pointers.
func fillRandom(rng *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(randomText[rng.IntN(len(randomText))])
	case reflect.Bool:
		v.SetBool(rng.IntN(2) == 1)
	case reflect.Int64, reflect.Int:
		v.SetInt(rng.Int64N(2_000_000) - 1_000_000)
	case reflect.Uint8:
		v.SetUint(uint64(rng.IntN(256)))
	case reflect.Array: // uuid.UUID
		for i := range v.Len() {
			fillRandom(rng, v.Index(i))
		}
	case reflect.Pointer:
		if rng.IntN(3) > 0 {
			v.Set(reflect.New(v.Type().Elem()))
			fillRandom(rng, v.Elem())
		}
	case reflect.Slice:
		if n := rng.IntN(4); n > 0 {
			v.Set(reflect.MakeSlice(v.Type(), n-1, n-1))
			for i := range v.Len() {
				fillRandom(rng, v.Index(i))
			}
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			zone := time.FixedZone("", (rng.IntN(48)-24)*1800)
			v.Set(reflect.ValueOf(time.Unix(rng.Int64N(4_000_000_000), rng.Int64N(1_000_000_000)*int64(rng.IntN(2))).In(zone)))
			return
		}
		for i := range v.NumField() {
			fillRandom(rng, v.Field(i))
		}
	default:
		panic("fillRandom: no case for " + v.Type().String())
	}
}
