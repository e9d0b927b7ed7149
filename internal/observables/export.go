package observables

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/text"
)

// Export formats.
const (
	FormatSTIX = "stix"
	FormatCSV  = "csv"
)

// Exported is a file of a case's observables.
type Exported struct {
	Filename    string
	ContentType string
	Body        []byte
	Count       int // observables in the file
	Withheld    int // TLP:RED observables left out
	Skipped     int // indicators STIX has no pattern for (type other)
}

// stixNamespace makes STIX ids from Caseward's: the same observable is the
// same indicator in every export (UUIDv5, as STIX asks of derived ids).
var stixNamespace = uuid.MustParse("6f1f7f3e-4c1b-5f0a-9a54-7c2b7d0e5a11")

// tlpMarkings are the STIX 2.1 marking definitions of TLP 2.0, as the OASIS
// TLP 2.0 extension defines them (fixed ids, created 2022-10-01).
var tlpMarkings = map[TLP]string{
	TLPClear:       "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
	TLPGreen:       "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
	TLPAmber:       "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
	TLPAmberStrict: "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
	TLPRed:         "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
}

const tlpExtension = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"

// Export writes a case's observables as a file: a STIX 2.1 bundle of its
// indicators, or a CSV of all of them. TLP:RED values are left out unless
// includeRed; every export is audited (observable.export), saying whether
// red values were included and how many were withheld.
func (s *Service) Export(ctx context.Context, caseID uuid.UUID, format string, includeRed bool) (Exported, error) {
	if err := mayRead(ctx); err != nil {
		return Exported{}, err
	}
	if format != FormatSTIX && format != FormatCSV {
		return Exported{}, apperr.Invalidf([]apperr.FieldError{{Field: "format", Message: "must be stix or csv"}}, "the export is not valid")
	}
	var out Exported
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, caseID, false)
		if err != nil {
			return err
		}
		all, err := s.store.CaseObservables(ctx, v, uuid.Nil, MaxPerCase)
		if err != nil {
			return fmt.Errorf("observables to export: %w", err)
		}
		var kept []Observable
		for _, o := range all {
			switch {
			case o.TLP == TLPRed && !includeRed:
				out.Withheld++
			case format == FormatSTIX && !o.IOC:
			case format == FormatSTIX && stixPattern(o) == "":
				out.Skipped++
			default:
				kept = append(kept, o)
			}
		}
		c := v.Case()
		now := s.now(ctx)
		if format == FormatSTIX {
			out.Body, err = stixBundle(c, kept, now)
			out.ContentType, out.Filename = "application/stix+json;version=2.1", c.Reference+"-indicators.stix.json"
		} else {
			out.Body, err = observablesCSV(kept)
			out.ContentType, out.Filename = "text/csv; charset=utf-8", c.Reference+"-observables.csv"
		}
		if err != nil {
			return err
		}
		out.Count = len(kept)
		return s.audit.Record(ctx, audit.Entry{Action: "observable.export", EntityType: "case", EntityID: caseID.String(), CaseID: caseID.String(),
			Changes: audit.Changes{"format": {nil, format}, "include_red": {nil, includeRed}, "count": {nil, out.Count},
				"withheld": {nil, out.Withheld}}})
	})
	if err != nil {
		return Exported{}, err
	}
	return out, nil
}

// stixPattern is o as a STIX 2.1 pattern, or "" when STIX has no object for
// its type.
func stixPattern(o Observable) string {
	q := "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(o.Value) + "'"
	switch o.Type {
	case IPv4:
		return "[ipv4-addr:value = " + q + "]"
	case IPv6:
		return "[ipv6-addr:value = " + q + "]"
	case CIDR:
		if strings.Contains(o.Value, ":") {
			return "[ipv6-addr:value = " + q + "]"
		}
		return "[ipv4-addr:value = " + q + "]"
	case Domain, Hostname:
		return "[domain-name:value = " + q + "]"
	case URL:
		return "[url:value = " + q + "]"
	case Email:
		return "[email-addr:value = " + q + "]"
	case MD5:
		return "[file:hashes.MD5 = " + q + "]"
	case SHA1:
		return "[file:hashes.'SHA-1' = " + q + "]"
	case SHA256:
		return "[file:hashes.'SHA-256' = " + q + "]"
	case FileName:
		return "[file:name = " + q + "]"
	case UserAccount:
		return "[user-account:account_login = " + q + "]"
	}
	return ""
}

// stixTime is t as STIX writes timestamps: UTC, milliseconds.
func stixTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func stixID(kind string, name ...string) string {
	return kind + "--" + uuid.NewSHA1(stixNamespace, []byte(strings.Join(name, "\n"))).String()
}

// stixBundle is a STIX 2.1 bundle of the case's indicators: Caseward as the
// identity that made them, the TLP 2.0 markings they carry, and one
// indicator per observable with the case's reference as its source.
func stixBundle(c cases.Case, os []Observable, now time.Time) ([]byte, error) {
	identity := stixID("identity", "caseward")
	objects := []any{map[string]any{
		"type": "identity", "spec_version": "2.1", "id": identity, "created": "2026-01-01T00:00:00.000Z",
		"modified": "2026-01-01T00:00:00.000Z", "name": "Caseward", "identity_class": "system",
	}}
	used := map[TLP]bool{}
	for _, o := range os {
		used[o.TLP] = true
	}
	for _, l := range TLPs {
		if used[l] {
			objects = append(objects, map[string]any{
				"type": "marking-definition", "spec_version": "2.1", "id": tlpMarkings[l], "created": "2022-10-01T00:00:00.000Z",
				"name":       "TLP:" + strings.ToUpper(string(l)),
				"extensions": map[string]any{tlpExtension: map[string]any{"extension_type": "property-extension", "tlp_2_0": string(l)}},
			})
		}
	}
	for _, o := range os {
		validFrom := o.CreatedAt
		if o.FirstSeenAt != nil {
			validFrom = *o.FirstSeenAt
		}
		ind := map[string]any{
			"type": "indicator", "spec_version": "2.1", "id": stixID("indicator", o.ID.String()),
			"created": stixTime(o.CreatedAt), "modified": stixTime(o.UpdatedAt), "created_by_ref": identity,
			"name": o.Value, "indicator_types": []string{"malicious-activity"},
			"pattern": stixPattern(o), "pattern_type": "stix", "pattern_version": "2.1", "valid_from": stixTime(validFrom),
			"object_marking_refs": []string{tlpMarkings[o.TLP]},
			"external_references": []map[string]any{{"source_name": "caseward", "external_id": c.Reference}},
		}
		if o.Description != "" {
			ind["description"] = o.Description
		}
		if len(o.Tags) > 0 {
			ind["labels"] = o.Tags
		}
		objects = append(objects, ind)
	}
	bundle := map[string]any{"type": "bundle", "id": stixID("bundle", c.ID.String(), now.String()), "objects": objects}
	b, err := json.MarshalIndent(bundle, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("stix bundle: %w", err)
	}
	return b, nil
}

// observablesCSV is one row per observable, cells defused for spreadsheets.
func observablesCSV(os []Observable) ([]byte, error) {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	rows := [][]string{{"type", "value", "tlp", "pap", "ioc", "tags", "description", "source", "first_seen_at", "last_seen_at", "created_at", "updated_at"}}
	at := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339Nano)
	}
	for _, o := range os {
		rows = append(rows, []string{string(o.Type), text.SpreadsheetSafe(o.Value), string(o.TLP), string(o.PAP), strconv.FormatBool(o.IOC),
			text.SpreadsheetSafe(strings.Join(o.Tags, ";")), text.SpreadsheetSafe(o.Description), text.SpreadsheetSafe(o.Source),
			at(o.FirstSeenAt), at(o.LastSeenAt), at(&o.CreatedAt), at(&o.UpdatedAt)})
	}
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("observables csv: %w", err)
	}
	return b.Bytes(), nil
}
