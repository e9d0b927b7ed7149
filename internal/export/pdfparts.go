package export

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// roles gathers what each person did on the case, in the order first seen.
type roles struct {
	order []uuid.UUID
	by    map[uuid.UUID]map[string]int
	seen  map[uuid.UUID][]string
}

func (rs *roles) add(id uuid.UUID, role string) {
	if rs.by == nil {
		rs.by, rs.seen = map[uuid.UUID]map[string]int{}, map[uuid.UUID][]string{}
	}
	if rs.by[id] == nil {
		rs.by[id] = map[string]int{}
		rs.order = append(rs.order, id)
	}
	if rs.by[id][role] == 0 {
		rs.seen[id] = append(rs.seen[id], role)
	}
	rs.by[id][role]++
}

// words says a person's roles: "owner, note author (12), custody actor (3)".
func (rs *roles) words(id uuid.UUID) string {
	parts := make([]string, 0, len(rs.seen[id]))
	for _, role := range rs.seen[id] {
		if n := rs.by[id][role]; n > 1 {
			role = fmt.Sprintf("%s (%d)", role, n)
		}
		parts = append(parts, role)
	}
	return strings.Join(parts, ", ")
}

// people lists everyone the case names with what they did on it, and the
// parties the chains of custody name in words.
func (r report) people() {
	s := r.s
	var rs roles
	rs.add(s.Case.OwnerID, "owner")
	for _, id := range s.Case.MemberIDs {
		rs.add(id, "member")
	}
	for _, n := range s.Notes {
		rs.add(n.AuthorID, "note author")
	}
	for _, e := range s.Chronology {
		rs.add(e.AuthorID, "chronology author")
	}
	for _, sp := range s.Suspensions {
		rs.add(sp.RecordedByID, "recorded a suspension")
		for _, m := range sp.Milestones {
			if m.OwnerID != nil {
				rs.add(*m.OwnerID, "milestone owner")
			}
		}
		for _, rp := range sp.Replans {
			rs.add(rp.ByID, "moved a date")
		}
		for _, u := range sp.Updates {
			rs.add(u.AuthorID, "update author")
		}
	}
	parties := map[string]int{}
	for _, e := range s.Evidence {
		rs.add(e.CollectedByID, "evidence collector")
		for _, c := range e.Custody {
			rs.add(c.ActorID, "custody actor")
			for _, party := range []string{c.FromParty, c.ToParty} {
				if party = strings.TrimSpace(party); party != "" {
					parties[party]++
				}
			}
		}
	}
	for _, e := range s.Audit {
		if id, err := uuid.Parse(e.ActorID); err == nil {
			rs.add(id, "in the audit trail")
		}
	}
	if s.Exporter.ID != uuid.Nil {
		rs.add(s.Exporter.ID, "made this export")
	}

	r.heading("People")
	r.font(sans, "", 10)
	r.text("Everyone the case names, with what they did on it. Counts are in brackets.", 5)
	r.p.Ln(1)
	// Known people by name; those the installation no longer knows in one row.
	names := make(map[uuid.UUID]string, len(s.People)+1)
	for id, n := range s.People {
		if n != "" {
			names[id] = n
		}
	}
	if s.Exporter.Name != "" {
		names[s.Exporter.ID] = s.Exporter.Name
	}
	var known, former []uuid.UUID
	for _, id := range rs.order {
		if _, ok := names[id]; ok {
			known = append(known, id)
		} else {
			former = append(former, id)
		}
	}
	rank := func(id uuid.UUID) int {
		switch {
		case id == s.Case.OwnerID:
			return 0
		case slices.Contains(s.Case.MemberIDs, id):
			return 1
		}
		return 2
	}
	slices.SortStableFunc(known, func(a, b uuid.UUID) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(names[a], names[b]))
	})
	rows := make([][]string, 0, len(known)+1)
	for _, id := range known {
		rows = append(rows, []string{names[id], rs.words(id)})
	}
	if len(former) > 0 {
		var all roles
		for _, id := range former {
			for _, role := range rs.seen[id] {
				for range rs.by[id][role] {
					all.add(uuid.Nil, role)
				}
			}
		}
		who := "A former user"
		if len(former) > 1 {
			who = fmt.Sprintf("%d former users", len(former))
		}
		rows = append(rows, []string{who, all.words(uuid.Nil)})
	}
	r.table([]column{{"Name", 60, false}, {"On this case", textW - 60, false}}, rows)

	if len(parties) > 0 {
		r.minor("Parties named in the chains of custody")
		names := make([]string, 0, len(parties))
		for p := range parties {
			names = append(names, p)
		}
		slices.Sort(names)
		prow := make([][]string, 0, len(names))
		for _, p := range names {
			prow = append(prow, []string{p, plural(parties[p], "custody event", "custody events")})
		}
		r.table([]column{{"Party", 100, false}, {"Named in", textW - 100, false}}, prow)
	}
}

// evidence prints every item with its file's SHA-256 and its whole chain
// of custody.
func (r report) evidence() {
	r.heading("Evidence")
	if len(r.s.Evidence) == 0 {
		r.font(sans, "", 10)
		r.text("No evidence was recorded.", 5)
		return
	}
	z := zones{}
	for i, e := range r.s.Evidence {
		r.subheading(fmt.Sprintf("%d. %s", i+1, e.Title), true)
		ps := []pair{
			{label: "Kind", value: label(e.Kind)},
			{label: "Collected by", value: r.who(e.CollectedByID)},
			{label: "Collected", value: stamp(e.CollectedAt)},
			{label: "Source", value: e.Source},
			{label: "Description", value: e.Description},
		}
		if f := e.File; f != nil {
			ps = append(ps, pair{label: "File", value: f.Name}, pair{label: "Size", value: bytesize(f.Size)},
				pair{label: "SHA-256", value: f.SHA256, mono: true})
		} else {
			ps = append(ps, pair{label: "File", value: "No file was stored"})
		}
		if e.LastVerifiedAt != nil {
			verdict := "the file matched its SHA-256"
			if e.LastVerifiedOK != nil && !*e.LastVerifiedOK {
				verdict = "the file did NOT match its SHA-256"
			}
			ps = append(ps, pair{label: "Last checked", value: stamp(*e.LastVerifiedAt) + ": " + verdict})
		}
		r.grid(ps)
		r.minor(fmt.Sprintf("Chain of custody (%s)", plural(len(e.Custody), "event", "events")))
		if len(e.Custody) == 0 {
			r.font(sans, "", 9.5)
			r.text("No custody event was recorded.", 4.8)
			continue
		}
		rows := make([][]string, 0, len(e.Custody))
		for _, c := range e.Custody {
			parties := ""
			switch {
			case c.FromParty != "" && c.ToParty != "":
				parties = c.FromParty + " → " + c.ToParty
			case c.FromParty != "":
				parties = "From " + c.FromParty
			case c.ToParty != "":
				parties = "To " + c.ToParty
			}
			note := ""
			if c.Note != "" {
				note = "Note: " + c.Note
			}
			rows = append(rows, []string{z.local(c.OccurredAt, c.TimeZone), label(c.Action), r.who(c.ActorID),
				parties, c.Location, c.Purpose, note})
		}
		r.table([]column{{"When", 35, false}, {"Action", 19, false}, {"By", 27, false}, {"From → to", 33, false},
			{"Location", 27, false}, {"Purpose", textW - 141, false}}, rows)
	}
}

// anchor prints where the case's events sit in the installation's hash
// chain, for a check against the audit trail or the JSON export.
func (r report) anchor() {
	a := r.s.Audit
	r.heading("Audit-chain anchor")
	r.font(sans, "", 10)
	if len(a) == 0 {
		r.text("The audit trail holds no event of this case.", 5)
		return
	}
	r.text("Caseward keeps one audit trail for the whole installation. Each event carries the SHA-256 "+
		"hash of its own content and of the event before it, so that no event can be changed, removed "+
		"or inserted without breaking every hash after it. These are the first and the last events of "+
		"this case in that chain; the JSON export of the case carries every one of them with its hashes.", 5)
	r.p.Ln(1.5)
	first, last := a[0], a[len(a)-1]
	r.pairs([]pair{
		{label: "Events of this case", value: thousands(int64(len(a)))},
		{label: "First event", value: fmt.Sprintf("No. %d, %s", first.Seq, stamp(first.OccurredAt))},
		{label: "Its hash", value: first.Hash, mono: true},
		{label: "Hash before it", value: first.PrevHash, mono: true},
		{label: "Last event", value: fmt.Sprintf("No. %d, %s", last.Seq, stamp(last.OccurredAt))},
		{label: "Its hash", value: last.Hash, mono: true},
	})
}

// verification is the last page: how to check the signed file, and which
// key to expect.
func (r report) verification() {
	r.p.AddPage()
	r.heading("How to verify this report")
	r.font(sans, "", 10)
	para := func(s string) {
		r.font(sans, "", 10)
		r.text(s, 5)
		r.p.Ln(2)
	}
	// code writes a command or a fingerprint on a line of its own, indented.
	code := func(s string) {
		r.font(mono, "", 8.5)
		for _, l := range r.wrap(s, r.wrapWidth(textW-8)) {
			r.room(5)
			r.draw(margin+8, textW-8, 5, l, false)
			r.p.Ln(5)
		}
		r.p.Ln(2)
	}
	para("This report is signed. When it was exported, Caseward signed a short statement naming this " +
		"file's SHA-256 hash, the case, the time of the export and who made it, with its export key (an " +
		"Ed25519 digital signature). The signature is in a separate file downloaded together with this " +
		"one, with the same name and \".sig\" added (for example " + r.s.Case.Reference + ".pdf.sig). " +
		"Keep the two files together.")
	para("A valid signature proves that this file is exactly the one Caseward produced: a single changed, " +
		"added or removed byte makes the check fail. Checking needs no connection to Caseward.")
	r.minor("Three ways to check it")
	para("1. With the Caseward command-line tool, on any computer, with the names of the two files you received:")
	code("caseward export verify FILE.pdf FILE.pdf.sig")
	para("It says whether the signature is valid, what was signed, and the fingerprint of the key.")
	para("2. In the Caseward web app: open the Exports page, choose \"Check a file I received\" and give it " +
		"both files. Your browser checks them itself; the files are not uploaded.")
	para("3. With OpenSSL alone: the signature file holds the signed statement, the signature and the " +
		"public key. Check that the SHA-256 hash of this file is the one the statement names:")
	code("openssl dgst -sha256 FILE.pdf")
	para("then check the signature over the statement with the public key:")
	code("openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in statement -sigfile signature")
	r.minor("Which key signed it")
	para("A signature only means something if the key is the organisation's own. Compare the fingerprint " +
		"below, and the one the check prints, with the fingerprint your organisation publishes for its " +
		"Caseward export key. If they differ, do not trust the file.")
	keyID, fp := r.s.KeyID, r.s.KeyFingerprint
	if keyID == "" {
		keyID = "Not recorded"
	}
	if fp == "" {
		r.pairs([]pair{{label: "Key", value: keyID}, {label: "Key fingerprint", value: "Not recorded"}})
		return
	}
	r.pairs([]pair{{label: "Key", value: keyID}, {label: "Key fingerprint", value: "SHA-256 of the public key:"}})
	code(FormatFingerprint(fp))
}
