// Package seed fills a database with realistic generated data through the real
// domain services (so every row has its audit trail): departments, services,
// users of every role, and cases across all states with notes, suspensions,
// milestones and evidence. For demos with a few cases and for benchmarks with
// a hundred thousand.
package seed

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"golang.org/x/sync/errgroup"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/restoration"
	"github.com/caseward/caseward/internal/users"
)

// Password is the password of every seeded user.
const Password = "caseward-seed-password"

// Deps are the services seeding goes through.
type Deps struct {
	InTx        func(ctx context.Context, fn func(ctx context.Context) error) error
	Users       *users.Service
	Directory   *directory.Directory
	Cases       *cases.Service
	Restoration *restoration.Service
	Evidence    *evidence.Service
}

// Options size the data.
type Options struct {
	Cases     int
	BatchSize int    // cases per transaction
	Workers   int    // transactions giving cases their history at once (1 on SQLite: one writer)
	Seed      uint64 // for repeatable data
}

// Summary counts what was made.
type Summary struct {
	Users, Departments, Services, Cases, Notes, Suspensions, Milestones, Updates, Evidence int
	Elapsed                                                                                time.Duration
}

func (s *Summary) add(o Summary) {
	s.Cases += o.Cases
	s.Notes += o.Notes
	s.Suspensions += o.Suspensions
	s.Milestones += o.Milestones
	s.Updates += o.Updates
	s.Evidence += o.Evidence
}

type seeder struct {
	d          Deps
	rnd        *rand.Rand
	total      int // cases to open, spread over the last historyDays
	opened     int
	sum        Summary
	responders []users.User
	services   []directory.Service
	system     context.Context
	now        time.Time // the seeding's "now": nothing seeded happens after it
	stories    atomic.Int64

	mu    sync.Mutex
	shown map[uuid.UUID]bool // departments with something on their dashboard
}

// showOnDashboard notes that a department has a suspension on its head's
// dashboard: one on a case that is not restricted (heads do not see those).
func (s *seeder) showOnDashboard(c cases.Case, department uuid.UUID) {
	if c.Restricted {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shown[department] = true
}

// opened is a case just created, waiting for its history.
type opened struct {
	c         cases.Case
	service   int // index in seeder.services
	as        context.Context
	forceDown bool // suspend the service, still down now
}

// historian gives cases their history. Each one owns the services whose index
// modulo the number of historians is its own, so no two of them suspend the
// same service.
type historian struct {
	s    *seeder
	rnd  *rand.Rand
	sum  Summary
	busy map[uuid.UUID]time.Time // service → until when it was (or is) down
}

// Run seeds. It expects an empty database apart from the first admin. Cases are
// opened in batches by one transaction at a time (their references come from
// one counter); their histories are written by o.Workers transactions at once.
func Run(ctx context.Context, d Deps, o Options, progress io.Writer) (Summary, error) {
	o.BatchSize, o.Workers = max(o.BatchSize, 1), max(o.Workers, 1)
	s := &seeder{d: d, rnd: rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed)), total: o.Cases,
		now: time.Now().UTC().Truncate(time.Microsecond), shown: map[uuid.UUID]bool{}}
	start := time.Now()
	s.system = identity.With(ctx, identity.Principal{Role: "admin", Email: "seed@caseward", RequestID: "seed"})
	if err := s.organisation(); err != nil {
		return s.sum, err
	}
	g, gctx := errgroup.WithContext(ctx)
	queues := make([]chan []opened, o.Workers)
	historians := make([]*historian, o.Workers)
	var done atomic.Int64
	var mu sync.Mutex
	for k := range queues {
		queues[k] = make(chan []opened, 1)
		h := &historian{s: s, rnd: rand.New(rand.NewPCG(o.Seed+uint64(k)+1, o.Seed^0x4157)), busy: map[uuid.UUID]time.Time{}}
		historians[k] = h
		g.Go(func() error {
			for batch := range queues[k] {
				err := d.InTx(gctx, func(ctx context.Context) error {
					for _, oc := range batch {
						if err := h.history(identity.With(ctx, identity.From(oc.as)), oc); err != nil {
							return fmt.Errorf("case %s: %w", oc.c.Reference, err)
						}
					}
					return nil
				})
				if err != nil {
					return err
				}
				n := done.Add(int64(len(batch)))
				mu.Lock()
				fmt.Fprintf(progress, "\rseeded %d/%d cases (%.0f/s)", n, o.Cases, float64(n)/time.Since(start).Seconds())
				mu.Unlock()
			}
			return nil
		})
	}
	g.Go(func() error {
		defer func() {
			for _, q := range queues {
				close(q)
			}
		}()
		for made := 0; made < o.Cases; {
			n := min(o.BatchSize, o.Cases-made)
			var batch []opened
			err := d.InTx(gctx, func(ctx context.Context) error {
				batch = batch[:0]
				for range n {
					oc, err := s.open(ctx)
					if err != nil {
						return err
					}
					batch = append(batch, oc)
				}
				return nil
			})
			if err != nil {
				return fmt.Errorf("seed cases %d to %d: %w", made, made+n, err)
			}
			made += n
			parts := make([][]opened, o.Workers)
			for _, oc := range batch {
				parts[oc.service%o.Workers] = append(parts[oc.service%o.Workers], oc)
			}
			for k, part := range parts {
				select {
				case queues[k] <- part:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
		}
		return nil
	})
	err := g.Wait()
	if err == nil && o.Cases > 0 {
		err = s.fillDashboards(ctx, historians)
	}
	fmt.Fprintln(progress)
	for _, h := range historians {
		s.sum.add(h.sum)
	}
	s.sum.Elapsed = time.Since(start)
	return s.sum, err
}

var departmentNames = []string{"Clinical Systems", "Finance", "Human Resources", "Estates", "Research", "Education", "Pharmacy", "Communications"}

var serviceWords = []string{"Portal", "Toolkit", "Planner", "Records", "Gateway", "Scheduler", "Archive", "Exchange"}

// The names the first three services of each department have on the public
// status page (the other two are internal tools, kept off it).
var publicNames = []string{
	"Patient portal", "Test results online", "Appointment booking",
	"Supplier payments", "Online invoices", "Expense claims",
	"Job applications", "Staff self-service", "Payslips online",
	"Room booking", "Parking permits", "Facilities help desk",
	"Research data portal", "Ethics applications", "Grant submissions",
	"Course enrolment", "Exam results", "Online library",
	"Prescription requests", "Medicine stock lookup", "Pharmacy opening times",
	"News and press releases", "Newsletter sign-up", "Public enquiries",
}

func (s *seeder) organisation() error {
	ctx := s.system
	for i, name := range departmentNames {
		dept, err := s.d.Directory.CreateDepartment(ctx, name)
		if err != nil {
			return fmt.Errorf("department %s: %w", name, err)
		}
		s.sum.Departments++
		for j := 0; j < 5; j++ {
			svc := directory.Service{
				Name:        fmt.Sprintf("%s %s %d", strings.Fields(name)[0], serviceWords[(i+j)%len(serviceWords)], j+1),
				Description: "Seeded service of " + name, DepartmentID: dept.ID,
			}
			if j < 3 && i*3+j < len(publicNames) {
				svc.PublicName = publicNames[i*3+j]
			}
			svc, err := s.d.Directory.CreateService(ctx, svc)
			if err != nil {
				return fmt.Errorf("service: %w", err)
			}
			s.services = append(s.services, svc)
			s.sum.Services++
		}
		if _, err := s.user(fmt.Sprintf("head.%d@example.org", i), "Head of "+name, users.DepartmentHead, &dept.ID); err != nil {
			return err
		}
	}
	for i := 0; i < 20; i++ {
		u, err := s.user(fmt.Sprintf("responder.%d@example.org", i), fmt.Sprintf("Responder %d", i), users.Responder, nil)
		if err != nil {
			return err
		}
		s.responders = append(s.responders, u)
	}
	for i := 0; i < 3; i++ {
		if _, err := s.user(fmt.Sprintf("auditor.%d@example.org", i), fmt.Sprintf("Auditor %d", i), users.Auditor, nil); err != nil {
			return err
		}
	}
	_, err := s.user("admin.2@example.org", "Second Admin", users.Admin, nil)
	return err
}

func (s *seeder) user(email, name string, role users.Role, dept *uuid.UUID) (users.User, error) {
	u, _, err := s.d.Users.Create(s.system, users.NewUser{Email: email, Name: name, Role: role, DepartmentID: dept, Password: Password})
	if err != nil {
		return u, fmt.Errorf("user %s: %w", email, err)
	}
	s.sum.Users++
	return u, nil
}

var titles = []string{"Suspicious logins on %s", "Malware alert on a %s server", "Data sent to the wrong recipient from %s",
	"Phishing campaign against %s users", "Unpatched vulnerability in %s", "Denial of service against %s", "Unusual export from %s"}

var categories = []cases.Category{"unauthorised_access", "malware", "data_leak", "phishing", "vulnerability", "denial_of_service", "other"}

func (s *seeder) pick(n int) int { return s.rnd.IntN(n) }

// historyDays is how far back the seeded cases go.
const historyDays = 700

// open opens a case as a responder. Cases are detected in order over the last
// historyDays, so that a service's suspensions follow one another.
func (s *seeder) open(ctx context.Context) (opened, error) {
	r := s.responders[s.pick(len(s.responders))]
	as := identity.With(ctx, identity.Principal{UserID: r.ID, Email: r.Email, Role: "responder", RequestID: "seed"})
	service := s.pick(len(s.services))
	step := historyDays * 24 * time.Hour / time.Duration(max(s.total, 1))
	detected := s.now.Add(-historyDays*24*time.Hour + time.Duration(s.opened)*step + time.Duration(s.rnd.Int64N(int64(step)+1))).Truncate(time.Second)
	s.opened++
	return s.openAt(as, service, detected, s.pick(20) == 0)
}

// openAt opens a case about services[service], detected at detected and
// recorded (opened) some hours after someone became aware of it.
func (s *seeder) openAt(as context.Context, service int, detected time.Time, restricted bool) (opened, error) {
	svc := s.services[service]
	kind := s.pick(len(titles))
	c := cases.Case{
		Title: fmt.Sprintf(titles[kind], svc.Name), Summary: sentence(s.rnd, 2+s.pick(3)),
		Category: categories[kind], Severity: cases.Severities[s.pick(4)], DepartmentID: &svc.DepartmentID,
		DetectedAt: detected, AwareAt: detected.Add(time.Duration(s.pick(48)) * time.Hour), PersonalDataInvolved: s.pick(10) < 3,
		Restricted: restricted,
	}
	if c.AwareAt.After(s.now) {
		c.AwareAt = detected
	}
	recorded := minTime(c.AwareAt.Add(time.Duration(s.rnd.Int64N(int64(6*time.Hour)))).Truncate(time.Second), s.now)
	c.MemberIDs = s.team(identity.From(as).UserID, c.Restricted)
	created, err := s.d.Cases.Create(clock.At(as, recorded), c)
	if err != nil {
		return opened{}, fmt.Errorf("case: %w", err)
	}
	return opened{c: created, service: service, as: as}, nil
}

// fillDashboards opens, for every department whose dashboard would be empty,
// a case of the last fortnight with one of its services still down, so that
// every department head has something to follow.
func (s *seeder) fillDashboards(ctx context.Context, historians []*historian) error {
	for i := 0; i < len(s.services); i += 5 {
		dept := s.services[i].DepartmentID
		if s.shown[dept] {
			continue
		}
		err := s.d.InTx(ctx, func(ctx context.Context) error {
			for service := i; service < i+5 && service < len(s.services); service++ {
				h := historians[service%len(historians)]
				if h.busy[s.services[service].ID].After(s.now) {
					continue
				}
				r := s.responders[s.pick(len(s.responders))]
				as := identity.With(ctx, identity.Principal{UserID: r.ID, Email: r.Email, Role: "responder", RequestID: "seed"})
				oc, err := s.openAt(as, service, s.now.Add(-time.Duration(3+s.pick(12))*24*time.Hour).Truncate(time.Second), false)
				if err != nil {
					return err
				}
				oc.forceDown = true
				if err := h.history(identity.With(ctx, identity.From(oc.as)), oc); err != nil {
					return fmt.Errorf("case %s: %w", oc.c.Reference, err)
				}
				return nil
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// team picks the other responders working a case: every restricted case has one
// to three, so that someone besides its creator may read it, and two cases in
// five of the rest have one or two.
func (s *seeder) team(creator uuid.UUID, restricted bool) []uuid.UUID {
	size := 0
	switch {
	case restricted:
		size = 1 + s.pick(3)
	case s.pick(5) < 2:
		size = 1 + s.pick(2)
	}
	var team []uuid.UUID
	for len(team) < size {
		id := s.responders[s.pick(len(s.responders))].ID
		if id != creator && !slices.Contains(team, id) {
			team = append(team, id)
		}
	}
	return team
}

func (h *historian) pick(n int) int { return h.rnd.IntN(n) }

// within returns a random duration in [lo, hi), in whole minutes: seeded
// times read like ones people enter.
func (h *historian) within(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return (lo + time.Duration(h.rnd.Int64N(int64(hi-lo)))).Truncate(time.Minute)
}

// history gives an opened case its life after it was opened, each step at the
// time it happened (steps that would lie in the future have not happened
// yet): notes over the first days, the regulator decision within its 72
// hours (most of the time), perhaps a suspension and evidence, and its
// workflow, closing most cases older than a few weeks.
func (h *historian) history(ctx context.Context, oc opened) error {
	h.sum.Cases++
	c := oc.c
	now := h.s.now
	t := c.CreatedAt
	kinds := []cases.NoteKind{cases.NoteUpdate, cases.NoteUpdate, cases.NoteDecision, cases.NoteStatement}
	for range 3 + h.pick(3) {
		t = t.Add(h.within(time.Hour, 20*time.Hour))
		if t.After(now) {
			break
		}
		if _, err := h.s.d.Cases.AddNote(clock.At(ctx, t), c.ID, kinds[h.pick(len(kinds))], sentence(h.rnd, 1+h.pick(4))); err != nil {
			return fmt.Errorf("note: %w", err)
		}
		h.sum.Notes++
	}
	lastNote := t
	c, decided, err := h.regulator(ctx, c)
	if err != nil {
		return err
	}
	var back *time.Time // when the case's suspension ended, if it had one
	suspended := false
	if oc.forceDown || h.pick(10) == 0 {
		if suspended, back, err = h.suspend(ctx, oc); err != nil {
			return err
		}
	}
	collected := c.CreatedAt
	if h.pick(10) == 0 {
		collected = minTime(c.CreatedAt.Add(h.within(2*time.Hour, 30*time.Hour)), now)
		if err := h.evidence(clock.At(ctx, collected), c); err != nil {
			return err
		}
	}
	// The case closes after everything above: notes, the regulator decision,
	// the service's return, the evidence.
	notBefore := maxTime(maxTime(lastNote, decided), collected)
	if back != nil {
		notBefore = maxTime(notBefore, *back)
	}
	return h.advance(ctx, c, suspended && back == nil, notBefore)
}

// regulator records what happened about the 72-hour notification of a case
// involving personal data: most are notified in time, a few late with a
// reason, some decided not to notify. A case whose decision would lie in the
// future still has its clock running.
//
// It returns the case and when the decision was recorded (its opening when
// there was none to record).
func (h *historian) regulator(ctx context.Context, c cases.Case) (cases.Case, time.Time, error) {
	if !c.PersonalDataInvolved {
		return c, c.CreatedAt, nil
	}
	var patch cases.Patch
	var at time.Time
	switch roll := h.pick(20); {
	case roll == 0:
		at = c.AwareAt.Add(h.within(80*time.Hour, 140*time.Hour))
		patch = cases.Patch{RegulatorNotifiedAt: setTime(at), RegulatorReference: ptr(fmt.Sprintf("ICO-%d", 100000+h.pick(900000))),
			RegulatorDelayReason: ptr("The scale of the exposure was confirmed only after the supplier's logs arrived.")}
	case roll < 4:
		at = c.AwareAt.Add(h.within(24*time.Hour, 60*time.Hour))
		patch = cases.Patch{RegulatorDecisionRationale: ptr("No risk to data subjects: the data was encrypted and the key was not exposed.")}
	default:
		at = c.AwareAt.Add(h.within(6*time.Hour, 66*time.Hour))
		patch = cases.Patch{RegulatorNotifiedAt: setTime(at), RegulatorReference: ptr(fmt.Sprintf("ICO-%d", 100000+h.pick(900000)))}
	}
	if at.Before(c.CreatedAt) {
		at = c.CreatedAt
		if patch.RegulatorNotifiedAt.Set {
			patch.RegulatorNotifiedAt = setTime(at)
		}
	}
	if at.After(h.s.now) {
		return c, c.CreatedAt, nil
	}
	updated, err := h.s.d.Cases.Update(clock.At(ctx, at), c.ID, c.Version, patch)
	if err != nil {
		return c, at, fmt.Errorf("regulator: %w", err)
	}
	return updated, at, nil
}

// advance moves a case along its workflow, one step every few hours to days.
// Cases older than six weeks are mostly closed; younger ones are somewhere on
// the way. A case with a service still down stops short of closing, and one
// closes only after what it waits for (its service back, the regulator
// decision: notBefore) has happened.
func (h *historian) advance(ctx context.Context, c cases.Case, stillDown bool, notBefore time.Time) error {
	now := h.s.now
	age := now.Sub(c.CreatedAt)
	steps := 0
	switch {
	case age > 42*24*time.Hour:
		steps = 5
		if h.pick(10) == 0 {
			steps = 2 + h.pick(3)
		}
	case age > 7*24*time.Hour:
		steps = 1 + h.pick(5)
	default:
		steps = h.pick(3)
	}
	if stillDown {
		steps = min(steps, 4)
	}
	t := c.CreatedAt
	for i := 0; i < steps && i < 4; i++ {
		t = t.Add(h.within(4*time.Hour, 72*time.Hour))
		if t.After(now) {
			return nil
		}
		next := cases.Moves(c.Status)[0]
		var err error
		if c, err = h.s.d.Cases.Transition(clock.At(ctx, t), c.ID, next, ""); err != nil {
			return fmt.Errorf("transition: %w", err)
		}
	}
	if steps < 5 {
		return nil
	}
	t = t.Add(h.within(12*time.Hour, 96*time.Hour))
	if t.Before(notBefore) {
		t = notBefore.Add(h.within(2*time.Hour, 72*time.Hour))
	}
	if t.After(now) {
		return nil
	}
	breach := cases.BreachRuledOut
	if h.pick(5) == 0 {
		breach = cases.BreachConfirmed
	}
	c, err := h.s.d.Cases.Update(clock.At(ctx, t), c.ID, c.Version, cases.Patch{BreachStatus: ptr(breach)})
	if err != nil {
		return fmt.Errorf("decide breach: %w", err)
	}
	if _, err := h.s.d.Cases.Transition(clock.At(ctx, t.Add(time.Hour)), c.ID, cases.Closed, "Closed after the post-incident review"); err != nil && !strings.Contains(err.Error(), "cannot move") {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

func (h *historian) evidence(ctx context.Context, c cases.Case) error {
	content := fmt.Sprintf("%s\nexport of logs for %s\n%d\n", time.Now().UTC().Format(time.RFC3339), c.Reference, h.rnd.Uint64())
	file, err := h.s.d.Evidence.Receive(ctx, "logs.txt", strings.NewReader(content))
	if err != nil {
		return fmt.Errorf("evidence file: %w", err)
	}
	it, err := h.s.d.Evidence.Add(ctx, evidence.Item{CaseID: c.ID, Title: "Firewall logs", Kind: "log", Source: "edge firewall"}, file, "")
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	h.sum.Evidence++
	_, err = h.s.d.Evidence.Record(ctx, evidence.CustodyEvent{EvidenceID: it.ID, Action: evidence.Transferred, FromParty: "IR team",
		ToParty: "Forensics", Location: "Head office", Purpose: "analysis"})
	return err
}

// Words of the generated notes and summaries, so that searches find some
// cases and not others, as in real text.
var (
	subjects = []string{"The firewall logs", "Our EDR console", "The supplier", "The service desk", "A user report", "The SOC analyst",
		"Network monitoring", "The database audit log", "The proxy", "The mail gateway", "Threat intelligence", "The backup team"}
	verbs   = []string{"shows", "confirms", "rules out", "suggests", "reports", "flags", "links", "traces", "contains", "reveals"}
	objects = []string{"repeated logins from a foreign address", "a macro-enabled attachment", "an outbound transfer of 4 GB",
		"a new scheduled task on the server", "credential stuffing against the portal", "a known ransomware loader",
		"an expired certificate", "a misdirected spreadsheet", "lateral movement over SMB", "a patched vulnerability",
		"unusual queries at night", "a phishing domain registered last week", "beaconing to a command server",
		"a disabled antivirus agent", "a privileged account used off hours", "a brute-force attempt on VPN"}
	followUps = []string{"Next steps agreed.", "Password resets issued.", "Host isolated for imaging.", "Awaiting the vendor.",
		"Legal informed.", "Monitoring continues.", "Blocked at the perimeter.", "Ticket raised with the supplier."}
)

// sentence writes n generated sentences.
func sentence(rnd *rand.Rand, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s %s %s.", subjects[rnd.IntN(len(subjects))], verbs[rnd.IntN(len(verbs))], objects[rnd.IntN(len(objects))])
		if rnd.IntN(3) == 0 {
			b.WriteString(" " + followUps[rnd.IntN(len(followUps))])
		}
	}
	return b.String()
}

func ptr[T any](v T) *T { return &v }

func setTime(t time.Time) cases.Optional[time.Time] {
	return cases.Optional[time.Time]{Set: true, Value: &t}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
