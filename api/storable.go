package api

import (
	"net/url"
	"reflect"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caseward/caseward/internal/apperr"
)

var timeType = reflect.TypeFor[time.Time]()

// storableTimes refuses times outside the years 1 to 9999 in UTC. RFC 3339
// (and so the contract) allows them through an offset: 9999-12-31T23:59:59-12:00
// is in the year 10000, which SQLite stores as text no one can read back.
func storableTimes(request any) error {
	var fields []apperr.FieldError
	walkTimes(reflect.ValueOf(request), "", 0, func(field string, t time.Time) {
		if !storableTime(t) {
			fields = append(fields, apperr.FieldError{Field: field, Message: "must fall between the years 1 and 9999 in UTC"})
		}
	})
	if len(fields) > 0 {
		return apperr.Invalidf(fields, "the request is not valid")
	}
	return nil
}

// storableTime reports whether t falls between the years 1 and 9999 in UTC.
func storableTime(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 1 && y <= 9999
}

// walkTimes calls fn with every time.Time reachable from v (through pointers,
// structs, slices and the maps of nullable fields), named by its JSON path.
// Request objects are shallow; the depth bound only guards against cycles.
func walkTimes(v reflect.Value, name string, depth int, fn func(string, time.Time)) {
	switch {
	case !v.IsValid() || depth > 8:
	case v.Type() == timeType:
		fn(name, v.Interface().(time.Time))
	case v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface:
		if !v.IsNil() {
			walkTimes(v.Elem(), name, depth+1, fn)
		}
	case v.Kind() == reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			f := v.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == "-" {
				continue
			}
			child := name
			if tag != "" { // request objects' Body and Params have no tag: skip their names
				child = strings.TrimPrefix(name+"."+tag, ".")
			}
			walkTimes(v.Field(i), child, depth+1, fn)
		}
	case v.Kind() == reflect.Slice || v.Kind() == reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkTimes(v.Index(i), name, depth+1, fn)
		}
	case v.Kind() == reflect.Map:
		for it := v.MapRange(); it.Next(); {
			walkTimes(it.Value(), name, depth+1, fn)
		}
	}
}

// storableQuery refuses query parameters that are not UTF-8 text without NUL:
// PostgreSQL refuses both in every text parameter, so they would otherwise be
// 500s (?q=%FF).
func storableQuery(q url.Values) error {
	var fields []apperr.FieldError
	for name, values := range q {
		for _, v := range values {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				fields = append(fields, apperr.FieldError{Field: name, Message: "must be UTF-8 text without NUL characters"})
				break
			}
		}
	}
	if len(fields) == 0 {
		return nil
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Field < fields[j].Field })
	return apperr.Invalidf(fields, "the request is not valid")
}
