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
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
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
	Seed      uint64 // for repeatable data
}

// Summary counts what was made.
type Summary struct {
	Users, Departments, Services, Cases, Notes, Suspensions, Milestones, Evidence int
	Elapsed                                                                       time.Duration
}

type seeder struct {
	d          Deps
	rnd        *rand.Rand
	sum        Summary
	responders []users.User
	services   []directory.Service
	active     map[uuid.UUID]uuid.UUID // service → its active suspension
	system     context.Context
}

// Run seeds. It expects an empty database apart from the first admin.
func Run(ctx context.Context, d Deps, o Options, progress io.Writer) (Summary, error) {
	if o.BatchSize < 1 {
		o.BatchSize = 200
	}
	s := &seeder{d: d, rnd: rand.New(rand.NewPCG(o.Seed, o.Seed^0x5eed)), active: map[uuid.UUID]uuid.UUID{}}
	start := time.Now()
	s.system = identity.With(ctx, identity.Principal{Role: "admin", Email: "seed@caseward", RequestID: "seed"})
	if err := s.organisation(); err != nil {
		return s.sum, err
	}
	for done := 0; done < o.Cases; {
		n := min(o.BatchSize, o.Cases-done)
		err := d.InTx(ctx, func(ctx context.Context) error {
			for i := 0; i < n; i++ {
				if err := s.oneCase(ctx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return s.sum, fmt.Errorf("seed cases %d to %d: %w", done, done+n, err)
		}
		done += n
		rate := float64(done) / time.Since(start).Seconds()
		fmt.Fprintf(progress, "\rseeded %d/%d cases (%.0f/s)", done, o.Cases, rate)
	}
	fmt.Fprintln(progress)
	s.sum.Elapsed = time.Since(start)
	return s.sum, nil
}

var departmentNames = []string{"Clinical Systems", "Finance", "Human Resources", "Estates", "Research", "Education", "Pharmacy", "Communications"}

var serviceWords = []string{"Portal", "Toolkit", "Planner", "Records", "Gateway", "Scheduler", "Archive", "Exchange"}

func (s *seeder) organisation() error {
	ctx := s.system
	for i, name := range departmentNames {
		dept, err := s.d.Directory.CreateDepartment(ctx, name)
		if err != nil {
			return fmt.Errorf("department %s: %w", name, err)
		}
		s.sum.Departments++
		for j := 0; j < 5; j++ {
			svc, err := s.d.Directory.CreateService(ctx, directory.Service{
				Name:        fmt.Sprintf("%s %s %d", strings.Fields(name)[0], serviceWords[(i+j)%len(serviceWords)], j+1),
				Description: "Seeded service of " + name, DepartmentID: dept.ID,
			})
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

// oneCase opens a case as a responder and gives it a history.
func (s *seeder) oneCase(ctx context.Context) error {
	r := s.responders[s.pick(len(s.responders))]
	ctx = identity.With(ctx, identity.Principal{UserID: r.ID, Email: r.Email, Role: "responder", RequestID: "seed"})
	svc := s.services[s.pick(len(s.services))]
	kind := s.pick(len(titles))
	detected := time.Now().UTC().Add(-time.Duration(1+s.pick(700*24)) * time.Hour)
	personal := s.pick(10) < 3
	c := cases.Case{
		Title: fmt.Sprintf(titles[kind], svc.Name), Summary: "Generated for load tests: " + svc.Name + " " + fmt.Sprint(s.rnd.Uint32()),
		Category: categories[kind], Severity: cases.Severities[s.pick(4)], DepartmentID: &svc.DepartmentID,
		DetectedAt: detected, AwareAt: detected.Add(time.Duration(s.pick(48)) * time.Hour), PersonalDataInvolved: personal,
		Restricted: s.pick(20) == 0,
	}
	if c.AwareAt.After(time.Now()) {
		c.AwareAt = detected
	}
	created, err := s.d.Cases.Create(ctx, c)
	if err != nil {
		return fmt.Errorf("case: %w", err)
	}
	s.sum.Cases++
	for i := 0; i < 3+s.pick(3); i++ {
		kinds := []cases.NoteKind{cases.NoteUpdate, cases.NoteUpdate, cases.NoteDecision, cases.NoteStatement}
		if _, err := s.d.Cases.AddNote(ctx, created.ID, kinds[s.pick(len(kinds))], fmt.Sprintf("Update %d: logs reviewed, next steps agreed with %s.", i+1, svc.Name)); err != nil {
			return fmt.Errorf("note: %w", err)
		}
		s.sum.Notes++
	}
	if s.pick(10) == 0 {
		if err := s.suspend(ctx, created, svc); err != nil {
			return err
		}
	}
	if s.pick(10) == 0 {
		if err := s.evidence(ctx, created); err != nil {
			return err
		}
	}
	return s.advance(ctx, created)
}

// advance moves a case some way along its workflow, closing some.
func (s *seeder) advance(ctx context.Context, c cases.Case) error {
	steps := s.pick(len(cases.Statuses))
	for i := 0; i < steps && i < 4; i++ {
		next := cases.Moves(c.Status)[0]
		var err error
		if c, err = s.d.Cases.Transition(ctx, c.ID, next, ""); err != nil {
			return fmt.Errorf("transition: %w", err)
		}
	}
	if steps < 5 {
		return nil
	}
	patch := cases.Patch{BreachStatus: ptr(cases.BreachRuledOut)}
	if c.PersonalDataInvolved {
		patch.RegulatorDecisionRationale = ptr("No risk to data subjects after containment.")
	}
	c, err := s.d.Cases.Update(ctx, c.ID, c.Version, patch)
	if err != nil {
		return fmt.Errorf("decide breach: %w", err)
	}
	if _, err := s.d.Cases.Transition(ctx, c.ID, cases.Closed, "Closed by the seed"); err != nil && !strings.Contains(err.Error(), "cannot move") {
		return fmt.Errorf("close: %w", err)
	}
	return nil
}

func (s *seeder) suspend(ctx context.Context, c cases.Case, svc directory.Service) error {
	if prev, ok := s.active[svc.ID]; ok {
		// The earlier suspension may be on a restricted case of another
		// responder: restore it as the seed's admin, in the same transaction.
		admin := identity.With(ctx, identity.From(s.system))
		if _, err := s.d.Restoration.Restore(admin, prev, time.Time{}, "restored by the seed"); err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		delete(s.active, svc.ID)
	}
	expected := time.Now().UTC().Add(time.Duration(7+s.pick(21)) * 24 * time.Hour)
	sp, err := s.d.Restoration.Suspend(ctx, restoration.Suspension{CaseID: c.ID, ServiceID: svc.ID, Reason: "Precaution while " + c.Title,
		DecidedBy: "Chief Information Security Officer", SuspendedAt: time.Now().UTC().Add(-time.Duration(s.pick(20*24)) * time.Hour),
		ExpectedRestorationAt: &expected})
	if err != nil {
		return fmt.Errorf("suspend: %w", err)
	}
	s.active[svc.ID] = sp.ID
	s.sum.Suspensions++
	for i, title := range []string{"Security review", "Supplier fix", "Penetration test"} {
		due := time.Now().UTC().Add(time.Duration(i*7-5+s.pick(10)) * 24 * time.Hour)
		status := []restoration.MilestoneStatus{restoration.Done, restoration.InProgress, restoration.Planned}[i]
		if _, err := s.d.Restoration.AddMilestone(ctx, sp.ID, restoration.Milestone{Title: title, DueAt: &due, Status: status}); err != nil {
			return fmt.Errorf("milestone: %w", err)
		}
		s.sum.Milestones++
	}
	return nil
}

func (s *seeder) evidence(ctx context.Context, c cases.Case) error {
	content := fmt.Sprintf("%s\nexport of logs for %s\n%d\n", time.Now().UTC().Format(time.RFC3339), c.Reference, s.rnd.Uint64())
	file, err := s.d.Evidence.Receive(ctx, "logs.txt", strings.NewReader(content))
	if err != nil {
		return fmt.Errorf("evidence file: %w", err)
	}
	it, err := s.d.Evidence.Add(ctx, evidence.Item{CaseID: c.ID, Title: "Firewall logs", Kind: "log", Source: "edge firewall"}, file, "")
	if err != nil {
		return fmt.Errorf("evidence: %w", err)
	}
	s.sum.Evidence++
	_, err = s.d.Evidence.Record(ctx, evidence.CustodyEvent{EvidenceID: it.ID, Action: evidence.Transferred, FromParty: "IR team",
		ToParty: "Forensics", Location: "Head office", Purpose: "analysis"})
	return err
}

func ptr[T any](v T) *T { return &v }
