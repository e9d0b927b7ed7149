package export

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"hash"
	"io"
	"strconv"
	"time"

	"github.com/caseward/caseward/internal/audit"
)

// AuditHeader is the header row of audit events in CSV.
var AuditHeader = []string{"seq", "occurred_at", "actor_id", "actor_email", "action", "entity_type", "entity_id", "case_id",
	"request_id", "ip", "changes", "prev_hash", "hash"}

// AuditRow is one audit event as a CSV row, in the columns of AuditHeader;
// changes are the bytes that were hashed.
func AuditRow(e audit.Event) []string {
	return []string{strconv.FormatInt(e.Seq, 10), e.OccurredAt.UTC().Format(time.RFC3339), e.ActorID,
		safeCell(e.ActorEmail), safeCell(e.Action), safeCell(e.EntityType), safeCell(e.EntityID), e.CaseID,
		safeCell(e.RequestID), safeCell(e.IP), safeCell(string(e.Changes)), e.PrevHash, e.Hash}
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
	chain  chainWalk
	line   []byte // reused for each JSON line
	buf    *bufio.Writer
	zip    *ZipSigner // the audit CSV zip, from NewAuditZip
}

// AuditCSVName is the audit CSV zip's one file, before its SIGNATURE.json.
const AuditCSVName = "audit_events.csv"

// NewAuditZip starts the audit log as CSV to w: a signed zip holding
// audit_events.csv, written and hashed as the events pass, then SIGNATURE.json.
func NewAuditZip(w io.Writer, exportedAt time.Time) (*AuditStream, error) {
	z := NewZipSigner(w, exportedAt)
	entry, err := z.Create(AuditCSVName)
	if err != nil {
		return nil, err
	}
	return newAuditStream(entry, "csv", z) // the zip hashes the entry
}

// NewAuditStream starts an export in format to w: jsonl, or csv as a bare
// CSV whose signature goes beside it (the layout before the audit CSV zip,
// kept to write the older files the verifier still reads; see NewAuditZip).
func NewAuditStream(w io.Writer, format string) (*AuditStream, error) {
	return newAuditStream(w, format, nil)
}

func newAuditStream(w io.Writer, format string, z *ZipSigner) (*AuditStream, error) {
	s := &AuditStream{format: format, chain: newChainWalk(), zip: z}
	s.buf = bufio.NewWriterSize(w, 64<<10)
	s.out = s.buf
	if z == nil {
		s.hash = sha256.New()
		s.out = io.MultiWriter(s.buf, s.hash)
	}
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
	s.chain.add(e)
	if s.csv != nil {
		return s.csv.Write(AuditRow(e))
	}
	s.line = audit.AppendJSONLine(s.line[:0], e)
	_, err := s.out.Write(s.line)
	return err
}

// Flush pushes buffered rows to the writer.
func (s *AuditStream) Flush() error {
	if s.csv != nil {
		s.csv.Flush()
		if err := s.csv.Error(); err != nil {
			return err
		}
	}
	if err := s.buf.Flush(); err != nil {
		return err
	}
	if s.zip != nil {
		return s.zip.Flush()
	}
	return nil
}

// Close signs what was written, with the chain check in the manifest. JSON
// lines end with two more lines: the chain check, then the manifest and
// signature, whose sha256 covers every line before it (the chain check too).
// The CSV zip ends with SIGNATURE.json, whose manifest lists audit_events.csv;
// a bare CSV's manifest and signature go beside it.
func (s *AuditStream) Close(key Key, m Manifest) (Signed, ChainCheck, error) {
	check := s.chain.check
	m.ChainCheck = &check
	if s.format == "jsonl" {
		line, err := compactJSON(chainCheckLine{check})
		if err != nil {
			return Signed{}, check, err
		}
		if _, err := s.out.Write(append(line, '\n')); err != nil {
			return Signed{}, check, err
		}
	}
	if err := s.Flush(); err != nil {
		return Signed{}, check, err
	}
	if s.zip != nil {
		signed, err := s.zip.Sign(key, m)
		return signed, check, err
	}
	m.SHA256 = hex.EncodeToString(s.hash.Sum(nil))
	signed, err := SignHashed(key, m)
	if err != nil {
		return Signed{}, check, err
	}
	if s.format == "jsonl" {
		if _, err := s.buf.Write(signatureLine(signed.Bytes, signed.Signature)); err != nil {
			return signed, check, err
		}
		if err := s.buf.Flush(); err != nil {
			return signed, check, err
		}
	}
	return signed, check, nil
}
