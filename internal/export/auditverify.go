package export

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"

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

// Verified is what verifying an audit export established.
type Verified struct {
	Manifest Manifest
	// Chain is the chain check the verdict rests on: the signed one, or for
	// schema_version 1 the one recomputed from the signed events.
	Chain *ChainCheck
	// Note says what the signature did not cover and how it was made up for.
	Note string
}

// OldFormatNote is the note on a verified JSON-lines export of schema_version 1.
const OldFormatNote = "an export of the older format (schema_version 1): its chain check line is not covered by the signature, " +
	"so its values were not trusted; the chain was recomputed from the signed events"

// VerifyJSONLines checks a saved JSON-lines audit export: event lines, a
// chain check line, and a last line with the manifest (whose sha256 covers
// every line before it) and signature; nothing after it. Every line is read
// strictly, and the chain is walked again: the chain check must say what the
// events show, and say the chain holds. Files of schema_version 1 (the chain
// check unsigned on the last line) are read by verifyV1.
func VerifyJSONLines(body []byte, keyFor KeyLookup) (Verified, error) {
	if !bytes.HasSuffix(body, []byte("\n")) {
		return Verified{}, malformed("a JSON-lines export ends with a newline after its signature line (was it cut short?)")
	}
	cut := bytes.LastIndexByte(body[:len(body)-1], '\n') + 1
	last := body[cut : len(body)-1]
	if bytes.HasPrefix(last, []byte(`{"chain_check":`)) {
		return verifyV1(body, cut, keyFor)
	}
	members, err := readObject(last, "manifest", "signature")
	if err != nil {
		return Verified{}, malformed("last line: %v", err)
	}
	sig, err := signatureMember(members)
	if err != nil {
		return Verified{}, err
	}
	if !bytes.Equal(signatureLine(members["manifest"], sig), body[cut:]) {
		return Verified{}, malformed("the last line is not laid out as Caseward writes it (member order, spaces or escapes differ)")
	}
	m, err := verifyAuditSigned(keyFor, members["manifest"], sig, body[:cut])
	if err != nil {
		return Verified{Manifest: m}, err
	}
	if m.SchemaVersion < 2 {
		return Verified{Manifest: m}, malformed("a manifest of schema_version 1 on a last line without the chain check")
	}
	check, err := checkAuditLines(body[:cut])
	if err != nil {
		return Verified{Manifest: m}, err
	}
	if m.ChainCheck != nil && !sameCheck(*m.ChainCheck, check) {
		return Verified{Manifest: m}, malformed("the manifest's chain check says %s, but the events give %s", describeCheck(*m.ChainCheck), describeCheck(check))
	}
	return Verified{Manifest: m, Chain: &check}, chainVerdict(check)
}

// verifyV1 checks a JSON-lines export of schema_version 1, whose last line is
// {"chain_check":…,"manifest":…,"signature":…} with the manifest's sha256 over
// the event lines alone. The signature proves the events; the chain check,
// which nothing signs, is recomputed from them, and a file whose line says
// anything else was altered after export and is refused.
func verifyV1(body []byte, cut int, keyFor KeyLookup) (Verified, error) {
	members, err := readObject(body[cut:len(body)-1], "chain_check", "manifest", "signature")
	if err != nil {
		return Verified{}, malformed("last line: %v", err)
	}
	sig, err := signatureMember(members)
	if err != nil {
		return Verified{}, err
	}
	stated, err := parseChainCheck(members["chain_check"])
	if err != nil {
		return Verified{}, malformed("last line: chain_check: %v", err)
	}
	line := append([]byte(`{"chain_check":`), members["chain_check"]...)
	line = append(line, ',')
	line = append(line, signatureLine(members["manifest"], sig)[1:]...)
	if !bytes.Equal(line, body[cut:]) {
		return Verified{}, malformed("the last line is not laid out as Caseward writes it (member order, spaces or escapes differ)")
	}
	m, err := verifyAuditSigned(keyFor, members["manifest"], sig, body[:cut])
	if err != nil {
		return Verified{Manifest: m}, err
	}
	if m.SchemaVersion != 1 {
		return Verified{Manifest: m}, malformed("a manifest of schema_version %d on a last line laid out as in schema_version 1", m.SchemaVersion)
	}
	check, err := walkEventLines(body[:cut])
	if err != nil {
		return Verified{Manifest: m}, err
	}
	v := Verified{Manifest: m, Chain: &check, Note: OldFormatNote}
	if err := chainVerdict(check); err != nil {
		return v, fmt.Errorf("%w (recomputed: in this older format the chain check line is not signed, and it says %s)", err, describeCheck(stated))
	}
	if !sameCheck(stated, check) {
		return v, malformed("the events are signed and their chain holds (%s), but the unsigned chain check line says %s: "+
			"it was changed after export", describeCheck(check), describeCheck(stated))
	}
	return v, nil
}

// signatureMember reads the last line's manifest and signature members.
func signatureMember(members map[string]json.RawMessage) ([]byte, error) {
	var sigText string
	if err := json.Unmarshal(members["signature"], &sigText); err != nil || members["manifest"] == nil {
		return nil, malformed("the last line carries no manifest or signature")
	}
	return decodeSignature(sigText)
}

// verifyAuditSigned is verifySigned for a JSON-lines audit export's manifest.
func verifyAuditSigned(keyFor KeyLookup, manifest, sig, body []byte) (Manifest, error) {
	m, err := verifySigned(keyFor, manifest, sig, body)
	if err != nil {
		return m, err
	}
	if m.Kind != "audit" || m.Format != "jsonl" {
		return m, malformed("the manifest is for a %s export as %s, not the audit log as JSON lines", m.Kind, m.Format)
	}
	return m, nil
}

// checkAuditLines reads the signed lines (events, then the chain check),
// walks the chain again, and returns the chain check, which must say what
// the events give.
func checkAuditLines(lines []byte) (ChainCheck, error) {
	if len(lines) == 0 {
		return ChainCheck{}, malformed("no chain check line")
	}
	lines = lines[:len(lines)-1] // the newline that ends the chain check line
	cut := bytes.LastIndexByte(lines, '\n') + 1
	raw, err := readObject(lines[cut:], "chain_check")
	if err == nil && raw["chain_check"] == nil {
		err = fmt.Errorf("member %q missing", "chain_check")
	}
	var stated ChainCheck
	if err == nil {
		stated, err = parseChainCheck(raw["chain_check"])
	}
	if err != nil {
		return ChainCheck{}, malformed("chain check line: %v", err)
	}
	walked, err := walkEventLines(lines[:cut])
	if err != nil {
		return ChainCheck{}, err
	}
	if !sameCheck(walked, stated) {
		return ChainCheck{}, malformed("the chain check line says %s, but the events give %s", describeCheck(stated), describeCheck(walked))
	}
	return stated, nil
}

// walkEventLines reads event lines strictly and walks their chain.
func walkEventLines(lines []byte) (ChainCheck, error) {
	walk := newChainWalk()
	for n, rest := 1, lines; len(rest) > 0; n++ {
		line, after, _ := bytes.Cut(rest, []byte("\n"))
		e, err := parseEventLine(line)
		if err != nil {
			return ChainCheck{}, malformed("line %d: %v", n, err)
		}
		walk.add(e)
		rest = after
	}
	return walk.check, nil
}

var chainCheckMembers = []string{"valid", "checked", "first_invalid_seq"}

// parseChainCheck reads a chain check strictly, in the one layout Caseward
// writes, and refuses one that contradicts itself.
func parseChainCheck(raw []byte) (ChainCheck, error) {
	var c ChainCheck
	if err := decodeObject(raw, &c, chainCheckMembers, chainCheckMembers); err != nil {
		return c, err
	}
	if again, err := compactJSON(c); err != nil || !bytes.Equal(again, raw) {
		return c, fmt.Errorf("not laid out as Caseward writes it")
	}
	if c.Valid != (c.FirstInvalidSeq == nil) || c.Checked < 0 {
		return c, fmt.Errorf("it contradicts itself")
	}
	return c, nil
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

var eventMembers = []string{"seq", "occurred_at", "actor_id", "actor_email", "action", "entity_type", "entity_id",
	"case_id", "request_id", "ip", "changes", "prev_hash", "hash"}

func parseEventLine(line []byte) (audit.Event, error) {
	var l AuditEventJSON // one event as audit.AppendJSONLine writes it
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
