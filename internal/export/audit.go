package export

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"time"

	"github.com/caseward/caseward/api/gen"
	"github.com/caseward/caseward/internal/audit"
)

// AuditHeader is the header row of audit events in CSV.
var AuditHeader = []string{"seq", "occurred_at", "actor_id", "actor_email", "action", "entity_type", "entity_id", "case_id",
	"request_id", "ip", "changes", "prev_hash", "hash"}

// AuditRow is one audit event as a CSV row.
func AuditRow(a gen.AuditEvent) []any {
	return []any{a.Seq, a.OccurredAt, a.ActorId, a.ActorEmail, a.Action, a.EntityType, a.EntityId, a.CaseId, a.RequestId, a.Ip,
		a.Changes, a.PrevHash, a.Hash}
}

// ChainCheck is the verdict over the events an audit export contains: every
// event's hash recomputes, and every two consecutive seqs link.
type ChainCheck struct {
	Valid           bool   `json:"valid"`
	Checked         int64  `json:"checked"`
	FirstInvalidSeq *int64 `json:"first_invalid_seq"`
}

// AuditStream writes audit events as JSON lines or CSV while hashing the bytes
// and checking the chain, in constant memory however many events pass.
type AuditStream struct {
	out    io.Writer
	hash   hash.Hash
	format string
	csv    *csv.Writer
	prev   audit.Event
	check  ChainCheck
	line   []byte // reused for each JSON line
	buf    *bufio.Writer
}

// NewAuditStream starts an export in format (jsonl or csv) to w.
func NewAuditStream(w io.Writer, format string) (*AuditStream, error) {
	s := &AuditStream{hash: sha256.New(), format: format, check: ChainCheck{Valid: true}}
	s.buf = bufio.NewWriterSize(w, 64<<10)
	s.out = io.MultiWriter(s.buf, s.hash)
	if format == "csv" {
		s.csv = csv.NewWriter(s.out)
		s.csv.UseCRLF = true
		if err := s.csv.Write(AuditHeader); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Write checks one event and adds it.
func (s *AuditStream) Write(e audit.Event) error {
	s.verify(e)
	if s.csv != nil {
		return s.csv.Write([]string{strconv.FormatInt(e.Seq, 10), e.OccurredAt.UTC().Format(time.RFC3339), e.ActorID,
			safeCell(e.ActorEmail), safeCell(e.Action), safeCell(e.EntityType), safeCell(e.EntityID), e.CaseID,
			safeCell(e.RequestID), safeCell(e.IP), safeCell(string(e.Changes)), e.PrevHash, e.Hash})
	}
	s.line = audit.AppendJSONLine(s.line[:0], e)
	_, err := s.out.Write(s.line)
	return err
}

func (s *AuditStream) verify(e audit.Event) {
	if !s.check.Valid {
		return
	}
	ok := e.ComputeHash() == e.Hash
	if s.prev.Seq != 0 && e.Seq == s.prev.Seq+1 {
		ok = ok && e.PrevHash == s.prev.Hash
	}
	if e.Seq == 1 {
		ok = ok && e.PrevHash == audit.GenesisHash
	}
	if !ok {
		seq := e.Seq
		s.check.Valid, s.check.FirstInvalidSeq = false, &seq
		return
	}
	s.check.Checked++
	s.prev = e
}

// Flush pushes buffered rows to the writer.
func (s *AuditStream) Flush() error {
	if s.csv != nil {
		s.csv.Flush()
		if err := s.csv.Error(); err != nil {
			return err
		}
	}
	return s.buf.Flush()
}

// Close signs what was written. For JSON lines it appends a last line with the
// chain check, the manifest and the signature (over every line before it);
// CSV carries them only in the HTTP trailers.
func (s *AuditStream) Close(key Key, m Manifest) (Signed, ChainCheck, error) {
	if err := s.Flush(); err != nil {
		return Signed{}, s.check, err
	}
	m.SHA256 = hex.EncodeToString(s.hash.Sum(nil))
	signed, err := SignHashed(key, m)
	if err != nil {
		return Signed{}, s.check, err
	}
	if s.format == "jsonl" {
		trailer := struct {
			ChainCheck ChainCheck      `json:"chain_check"`
			Manifest   json.RawMessage `json:"manifest"`
			Signature  string          `json:"signature"`
		}{s.check, signed.Bytes, base64.StdEncoding.EncodeToString(signed.Signature)}
		line, err := compactJSON(trailer)
		if err != nil {
			return signed, s.check, err
		}
		if _, err := s.out.Write(append(line, '\n')); err != nil {
			return signed, s.check, err
		}
		if err := s.buf.Flush(); err != nil {
			return signed, s.check, err
		}
	}
	return signed, s.check, nil
}

// VerifyJSONLines checks a saved JSON-lines audit export: its last line carries
// the manifest and signature over every byte before it.
func VerifyJSONLines(body []byte, keyFor func(id string) (ed25519.PublicKey, error)) (Manifest, error) {
	trimmed := bytes.TrimRight(body, "\n")
	cut := bytes.LastIndexByte(trimmed, '\n') + 1
	var trailer struct {
		ChainCheck ChainCheck      `json:"chain_check"`
		Manifest   json.RawMessage `json:"manifest"`
		Signature  string          `json:"signature"`
	}
	if err := json.Unmarshal(trimmed[cut:], &trailer); err != nil || len(trailer.Manifest) == 0 {
		return Manifest{}, errors.New("not a Caseward export: no manifest line at the end")
	}
	sig, err := base64.StdEncoding.DecodeString(trailer.Signature)
	if err != nil {
		return Manifest{}, fmt.Errorf("signature is not base64: %w", err)
	}
	m, err := VerifyDetachedWith(keyFor, trailer.Manifest, sig, body[:cut])
	if err == nil && !trailer.ChainCheck.Valid {
		return m, fmt.Errorf("the signature holds, but the exported events did not verify: first bad seq %v", trailer.ChainCheck.FirstInvalidSeq)
	}
	return m, err
}
