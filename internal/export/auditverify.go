package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/caseward/caseward/internal/audit"
)

// chainWalk checks the chain over events as they pass, oldest first: every
// event's hash recomputes, and every two consecutive seqs link.
type chainWalk struct {
	check ChainCheck
	prev  audit.Event
}

func newChainWalk() chainWalk { return chainWalk{check: ChainCheck{Valid: true}} }

func (w *chainWalk) add(e audit.Event) {
	if !w.check.Valid {
		return
	}
	ok := e.ComputeHash() == e.Hash
	if w.prev.Seq != 0 && e.Seq == w.prev.Seq+1 {
		ok = ok && e.PrevHash == w.prev.Hash
	}
	if e.Seq == 1 {
		ok = ok && e.PrevHash == audit.GenesisHash
	}
	if !ok {
		seq := e.Seq
		w.check.Valid, w.check.FirstInvalidSeq = false, &seq
		return
	}
	w.check.Checked++
	w.prev = e
}

// chainCheckLine is the next-to-last line of a JSON-lines audit export.
type chainCheckLine struct {
	ChainCheck ChainCheck `json:"chain_check"`
}

// signatureLine is the last line of a JSON-lines audit export: only the
// manifest and its signature, laid out in the one form the verifier accepts.
func signatureLine(manifest, signature []byte) []byte {
	out := append([]byte(`{"manifest":`), manifest...)
	out = append(out, `,"signature":"`...)
	out = base64.StdEncoding.AppendEncode(out, signature)
	return append(out, "\"}\n"...)
}

// VerifyJSONLines checks a saved JSON-lines audit export: event lines, a
// chain check line, and a last line with the manifest (whose sha256 covers
// every line before it) and signature; nothing after it. Every line is read
// strictly, and the chain is walked again: the chain check must say what the
// events show, and say the chain holds.
func VerifyJSONLines(body []byte, keyFor KeyLookup) (Manifest, error) {
	if !bytes.HasSuffix(body, []byte("\n")) {
		return Manifest{}, malformed("a JSON-lines export ends with a newline after its signature line (was it cut short?)")
	}
	cut := bytes.LastIndexByte(body[:len(body)-1], '\n') + 1
	last := body[cut : len(body)-1]
	if bytes.HasPrefix(last, []byte(`{"chain_check":`)) {
		return Manifest{}, ErrOldFormat
	}
	members, err := readObject(last, "manifest", "signature")
	if err != nil {
		return Manifest{}, malformed("last line: %v", err)
	}
	var sigText string
	if err := json.Unmarshal(members["signature"], &sigText); err != nil || members["manifest"] == nil {
		return Manifest{}, malformed("the last line carries no manifest or signature")
	}
	sig, err := decodeSignature(sigText)
	if err != nil {
		return Manifest{}, err
	}
	if !bytes.Equal(signatureLine(members["manifest"], sig), body[cut:]) {
		return Manifest{}, malformed("the last line is not laid out as Caseward writes it (member order, spaces or escapes differ)")
	}
	m, err := verifySigned(keyFor, members["manifest"], sig, body[:cut])
	if err != nil {
		return m, err
	}
	if m.Kind != "audit" || m.Format != "jsonl" {
		return m, malformed("the manifest is for a %s export as %s, not the audit log as JSON lines", m.Kind, m.Format)
	}
	if m.SchemaVersion < 2 {
		return m, ErrOldFormat
	}
	return m, checkAuditLines(body[:cut])
}

// checkAuditLines reads the signed lines (events, then the chain check) and
// walks the chain again.
func checkAuditLines(lines []byte) error {
	if len(lines) == 0 {
		return malformed("no chain check line")
	}
	lines = lines[:len(lines)-1] // the newline that ends the chain check line
	cut := bytes.LastIndexByte(lines, '\n') + 1
	var stated ChainCheck
	raw, err := readObject(lines[cut:], "chain_check")
	if err == nil && raw["chain_check"] == nil {
		err = fmt.Errorf("member %q missing", "chain_check")
	}
	if err == nil {
		names := []string{"valid", "checked", "first_invalid_seq"}
		err = decodeObject(raw["chain_check"], &stated, names, names)
	}
	if err != nil {
		return malformed("chain check line: %v", err)
	}
	walk := newChainWalk()
	for n, rest := 1, lines[:cut]; len(rest) > 0; n++ {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		e, err := parseEventLine(line)
		if err != nil {
			return malformed("line %d: %v", n, err)
		}
		walk.add(e)
		rest = after
	}
	if !sameCheck(walk.check, stated) {
		return malformed("the chain check line says %s, but the events give %s", describeCheck(stated), describeCheck(walk.check))
	}
	if !stated.Valid {
		return fmt.Errorf("the signature holds, but the exported events do not verify: first bad seq %d", *stated.FirstInvalidSeq)
	}
	return nil
}

func sameCheck(a, b ChainCheck) bool {
	if a.Valid != b.Valid || a.Checked != b.Checked || (a.FirstInvalidSeq == nil) != (b.FirstInvalidSeq == nil) {
		return false
	}
	return a.FirstInvalidSeq == nil || *a.FirstInvalidSeq == *b.FirstInvalidSeq
}

func describeCheck(c ChainCheck) string {
	if c.FirstInvalidSeq != nil {
		return fmt.Sprintf("valid=%t, %d checked, first bad seq %d", c.Valid, c.Checked, *c.FirstInvalidSeq)
	}
	return fmt.Sprintf("valid=%t, %d checked", c.Valid, c.Checked)
}

// eventLine is one event as audit.AppendJSONLine writes it.
type eventLine struct {
	Seq        int64           `json:"seq"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    *string         `json:"actor_id"`
	ActorEmail *string         `json:"actor_email"`
	Action     string          `json:"action"`
	EntityType string          `json:"entity_type"`
	EntityID   *string         `json:"entity_id"`
	CaseID     *string         `json:"case_id"`
	RequestID  *string         `json:"request_id"`
	IP         *string         `json:"ip"`
	Changes    json.RawMessage `json:"changes"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

var eventMembers = []string{"seq", "occurred_at", "actor_id", "actor_email", "action", "entity_type", "entity_id",
	"case_id", "request_id", "ip", "changes", "prev_hash", "hash"}

func parseEventLine(line []byte) (audit.Event, error) {
	var l eventLine
	if err := decodeObject(line, &l, eventMembers, eventMembers); err != nil {
		return audit.Event{}, err
	}
	if len(l.Changes) == 0 || l.Changes[0] != '{' {
		return audit.Event{}, fmt.Errorf("changes is not an object")
	}
	text := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return audit.Event{Seq: l.Seq, OccurredAt: l.OccurredAt, ActorID: text(l.ActorID), ActorEmail: text(l.ActorEmail),
		Action: l.Action, EntityType: l.EntityType, EntityID: text(l.EntityID), CaseID: text(l.CaseID),
		RequestID: text(l.RequestID), IP: text(l.IP), Changes: l.Changes, PrevHash: l.PrevHash, Hash: l.Hash}, nil
}
