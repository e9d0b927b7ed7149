package api

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/jsonenc"
)

// Case lists are the API's largest hot responses, and encoding/json walking
// the generated types (whose nullable fields are maps, allocated per field
// and marshalled through their own MarshalJSON) took a quarter of a list
// request. Cases are written straight from the domain instead;
// TestCaseJSONMatchesEncodingJSON proves the bytes are exactly encoding/json's
// of toAPICase, field for field, and fails when the contract gains a field
// this file does not write.

// caseListResponse writes a page of cases.
type caseListResponse struct {
	items []cases.Case
	now   time.Time
	next  nullable.Nullable[string]
	total *listTotal // the first page's only
}

// listTotal is a list's count, capped (cases.CountCap).
type listTotal struct {
	n      int
	capped bool
}

func (r caseListResponse) VisitListCasesResponse(w http.ResponseWriter) error {
	return writeJSON(w, func(b []byte) []byte { return appendCaseList(b, r.items, r.now, r.next, r.total) })
}

// caseResponse writes one case, with its allowed moves, and its ETag.
type caseResponse struct {
	c    cases.Case
	now  time.Time
	etag string
}

func (r caseResponse) VisitGetCaseResponse(w http.ResponseWriter) error {
	w.Header().Set("ETag", r.etag)
	return writeJSON(w, func(b []byte) []byte { return appendCase(b, &r.c, r.now, true) })
}

var jsonBuffers = sync.Pool{New: func() any { b := make([]byte, 0, 64<<10); return &b }}

// writeJSON sends the JSON value appendBody writes, and a newline as
// json.Encoder does, with status 200.
func writeJSON(w http.ResponseWriter, appendBody func([]byte) []byte) error {
	buf := jsonBuffers.Get().(*[]byte)
	b := append(appendBody((*buf)[:0]), '\n')
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(b))) // one write, not chunks
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	if cap(b) <= 1<<20 { // do not keep the rare huge page alive
		*buf = b
		jsonBuffers.Put(buf)
	}
	return err
}

func appendCaseList(b []byte, items []cases.Case, now time.Time, next nullable.Nullable[string], total *listTotal) []byte {
	b = append(b, `{"items":[`...)
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendCase(b, &items[i], now, false)
	}
	b = append(b, `],"next_cursor":`...)
	b = appendNullable(b, next, jsonenc.String)
	if total != nil {
		b = append(b, `,"total":`...)
		b = strconv.AppendInt(b, int64(total.n), 10)
		b = append(b, `,"total_capped":`...)
		b = strconv.AppendBool(b, total.capped)
	}
	return append(b, '}')
}

// appendCase writes toAPICase(c, now), or toAPICaseWithMoves with
// withMoves, in the generated struct's field order, as encoding/json does.
func appendCase(b []byte, c *cases.Case, now time.Time, withMoves bool) []byte {
	var (
		allowed []cases.Status
		unmet   []string
	)
	b = append(b, '{')
	if withMoves {
		allowed, unmet = cases.AllowedMoves(*c)
		b = append(b, `"allowed_transitions":`...)
		b = appendStrings(b, allowed)
		b = append(b, ',')
	}
	b = append(b, `"aware_at":`...)
	b = jsonenc.Time(b, c.AwareAt)
	b = append(b, `,"breach_status":`...)
	b = jsonenc.String(b, string(c.BreachStatus))
	b = append(b, `,"category":`...)
	b = jsonenc.String(b, string(c.Category))
	if withMoves {
		b = append(b, `,"closing_blockers":`...)
		b = appendStrings(b, unmet)
	}
	b = append(b, `,"created_at":`...)
	b = jsonenc.Time(b, c.CreatedAt)
	b = append(b, `,"data_subjects_estimate":`...)
	b = appendOptional(b, c.DataSubjectsEstimate, jsonenc.Int)
	b = append(b, `,"department_id":`...)
	b = appendOptional(b, c.DepartmentID, jsonenc.UUID)
	b = append(b, `,"detected_at":`...)
	b = jsonenc.Time(b, c.DetectedAt)
	b = append(b, `,"id":`...)
	b = jsonenc.UUID(b, c.ID)
	b = append(b, `,"member_ids":[`...)
	for i, id := range c.MemberIDs {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.UUID(b, id)
	}
	b = append(b, `],"next_clock_due_at":`...)
	b = appendOptional(b, c.NextClockDueAt, jsonenc.Time)
	b = append(b, `,"next_clock_label":`...)
	b = jsonenc.String(b, c.NextClockLabel)
	if withMoves {
		b = append(b, `,"open_tasks":`...)
		b = jsonenc.Int(b, int64(c.OpenTasks))
	}
	b = append(b, `,"owner_id":`...)
	b = jsonenc.UUID(b, c.OwnerID)
	b = append(b, `,"personal_data_involved":`...)
	b = jsonenc.Bool(b, c.PersonalDataInvolved)
	b = append(b, `,"reference":`...)
	b = jsonenc.String(b, c.Reference)
	b = append(b, `,"regulator_decision_rationale":`...)
	b = jsonenc.String(b, c.RegulatorDecisionRationale)
	b = append(b, `,"regulator_delay_reason":`...)
	b = jsonenc.String(b, c.RegulatorDelayReason)
	b = append(b, `,"regulator_notification_due_at":`...)
	b = appendOptional(b, c.NotificationDueAt(), jsonenc.Time)
	b = append(b, `,"regulator_notified_at":`...)
	b = appendOptional(b, c.RegulatorNotifiedAt, jsonenc.Time)
	b = append(b, `,"regulator_reference":`...)
	b = jsonenc.String(b, c.RegulatorReference)
	b = append(b, `,"regulator_status":`...)
	b = jsonenc.String(b, string(c.RegulatorStatusAt(now)))
	b = append(b, `,"restricted":`...)
	b = jsonenc.Bool(b, c.Restricted)
	b = append(b, `,"severity":`...)
	b = jsonenc.String(b, string(c.Severity))
	b = append(b, `,"status":`...)
	b = jsonenc.String(b, string(c.Status))
	b = append(b, `,"summary":`...)
	b = jsonenc.String(b, c.Summary)
	b = append(b, `,"title":`...)
	b = jsonenc.String(b, c.Title)
	b = append(b, `,"updated_at":`...)
	b = jsonenc.Time(b, c.UpdatedAt)
	b = append(b, `,"version":`...)
	b = jsonenc.Int(b, c.Version)
	return append(b, '}')
}

// appendOptional writes null for nil, as nullableOf makes it.
func appendOptional[T any](b []byte, p *T, appendValue func([]byte, T) []byte) []byte {
	if p == nil {
		return append(b, "null"...)
	}
	return appendValue(b, *p)
}

// appendNullable writes null for an explicit null and, like the nullable
// package's MarshalJSON, the zero value for an unspecified one.
func appendNullable[T any](b []byte, n nullable.Nullable[T], appendValue func([]byte, T) []byte) []byte {
	if n.IsNull() {
		return append(b, "null"...)
	}
	v, _ := n.Get()
	return appendValue(b, v)
}

// appendStrings writes list, empty when nil (as toAPICaseWithMoves makes it).
func appendStrings[S ~string](b []byte, list []S) []byte {
	b = append(b, '[')
	for i, s := range list {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonenc.String(b, string(s))
	}
	return append(b, ']')
}
