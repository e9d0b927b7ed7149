package cases

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
)

// Store is what cases need from the database. A case is read in the caller's
// Scope (outside it, NotFound), and its records through the Visible that read
// made.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// InSharedTx is InTx for a small write that may share its transaction
	// with others at the same moment; fn may run more than once (see
	// store.DB.InSharedTx).
	InSharedTx(ctx context.Context, key string, fn func(ctx context.Context) error) error
	// InTransaction reports whether ctx carries a transaction.
	InTransaction(ctx context.Context) bool
	// NextCaseNumbers takes the next n reference numbers of year and returns
	// the first; inside the transaction that uses them, so references stay
	// gap-free.
	NextCaseNumbers(ctx context.Context, year, n int) (int, error)
	// CreateCases inserts cs and returns them as stored.
	CreateCases(ctx context.Context, cs []Case) ([]Case, error)
	// Case returns a case in scope; forUpdate locks it until the transaction ends.
	Case(ctx context.Context, id uuid.UUID, scope Scope, forUpdate bool) (Case, error)
	// UpdateCase stores c, apart from its members, if its version is still
	// version, and returns it as stored.
	UpdateCase(ctx context.Context, c Case, version int64) (Case, error)
	SetCaseMembers(ctx context.Context, caseID uuid.UUID, members []uuid.UUID) error
	// StampPhases records a move's phase times on the case (see PhaseStamp).
	StampPhases(ctx context.Context, caseID uuid.UUID, p PhaseStamp) error
	ListCases(ctx context.Context, q Query) ([]Case, error)
	// CountCases counts the cases matching q (ignoring its order and cursor),
	// reading at most limit of them.
	CountCases(ctx context.Context, q Query, limit int) (int, error)
	// CreateNote inserts n unless scope cannot see its case (not found) or
	// the case already holds max notes (a 409).
	CreateNote(ctx context.Context, n Note, scope Scope, max int) error
	ListNotes(ctx context.Context, v Visible, afterID uuid.UUID, limit int) ([]Note, error)
	// Assignable reports which of ids are enabled users who may own or join
	// cases; owners must be admins or responders when ownersOnly.
	Assignable(ctx context.Context, ids []uuid.UUID, ownersOnly bool) (map[uuid.UUID]bool, error)
	DepartmentExists(ctx context.Context, id uuid.UUID) (bool, error)
	// CaseAudit returns the case's audit events matching f.
	CaseAudit(ctx context.Context, v Visible, f audit.Filter) ([]audit.Event, error)
	// CasePeople returns everyone a case names by user id, with their name, in
	// one query.
	CasePeople(ctx context.Context, v Visible) ([]Person, error)
	TaskStore
	ReviewStore
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the use cases of the incident record.
type Service struct {
	store   Store
	audit   Recorder
	now     func(context.Context) time.Time
	creates createGroup
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// Now is the service's clock, for deriving regulator statuses in responses.
func (s *Service) Now() time.Time { return s.now(context.Background()) }

// Create opens a case in status reported, owned by the caller unless the draft
// names another owner.
func (s *Service) Create(ctx context.Context, c Case) (Case, error) {
	p := identity.From(ctx)
	now := s.now(ctx)
	c.ID = uuid.Must(uuid.NewV7())
	c.Status = Reported
	c.Title, c.Summary = strings.TrimSpace(c.Title), strings.TrimSpace(c.Summary)
	if c.OwnerID == uuid.Nil {
		c.OwnerID = p.UserID
	}
	if c.BreachStatus == "" {
		c.BreachStatus = BreachSuspected
	}
	c.MemberIDs = dedupe(c.MemberIDs)
	// Read-only checks, before the creation takes its turn. (Inside the
	// transaction they would lock nothing either.)
	if err := s.check(ctx, c, now); err != nil {
		return Case{}, err
	}
	if s.store.InTransaction(ctx) {
		created, err := s.insert(ctx, []*pendingCreate{{ctx: ctx, c: c, year: now.Year()}})
		if err != nil {
			return Case{}, err
		}
		return created[0], nil
	}
	return s.creates.do(ctx, c, now.Year(), s.store.InTx, s.insert)
}

// insert gives creations their references and inserts them, each recorded in
// the audit trail as its own caller's.
func (s *Service) insert(ctx context.Context, group []*pendingCreate) ([]Case, error) {
	drafts := make([]Case, len(group))
	for i := 0; i < len(group); {
		year := group[i].year
		j := i
		for j < len(group) && group[j].year == year {
			j++
		}
		first, err := s.store.NextCaseNumbers(ctx, year, j-i)
		if err != nil {
			return nil, fmt.Errorf("next case numbers: %w", err)
		}
		for k := i; k < j; k++ {
			drafts[k] = group[k].c
			drafts[k].Reference = fmt.Sprintf("INC-%d-%04d", year, first+k-i)
		}
		i = j
	}
	created, err := s.store.CreateCases(ctx, drafts)
	if err != nil {
		return nil, fmt.Errorf("create cases: %w", err)
	}
	if len(created) != len(group) {
		return nil, fmt.Errorf("create cases: %d stored for %d asked", len(created), len(group))
	}
	for i, pending := range group {
		c := created[i]
		as := identity.With(ctx, identity.From(pending.ctx))
		if err := s.audit.Record(as, audit.Entry{Action: "case.create", EntityType: "case", EntityID: c.ID.String(), CaseID: c.ID.String(),
			Changes: diff(Case{}, c)}); err != nil {
			return nil, err
		}
	}
	return created, nil
}

// Get returns a case the caller may see.
func (s *Service) Get(ctx context.Context, id uuid.UUID) (Case, error) {
	v, err := See(ctx, s.store, id, false)
	return v.Case(), err
}

// People returns everyone a case the caller may see names by user id (owner,
// members, note authors, suspension recorders, milestone owners, re-planners,
// update authors, evidence collectors, custody actors, timeline actors), so
// every role that may read the case reads them by name; it is never the user
// directory.
func (s *Service) People(ctx context.Context, id uuid.UUID) ([]Person, error) {
	v, err := See(ctx, s.store, id, false)
	if err != nil {
		return nil, err
	}
	return s.store.CasePeople(ctx, v)
}

// Update applies a partial change if version is current. Status never changes
// here: that is what Transition is for.
func (s *Service) Update(ctx context.Context, id uuid.UUID, version int64, p Patch) (Case, error) {
	var updated Case
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := See(ctx, s.store, id, true)
		if err != nil {
			return err
		}
		old := v.Case()
		next := p.apply(old)
		next.MemberIDs = dedupe(next.MemberIDs)
		changes := diff(old, next)
		if err := mayChangeAccess(ctx, old, changes); err != nil {
			return err
		}
		if err := s.check(ctx, next, s.now(ctx)); err != nil {
			return err
		}
		if len(changes) == 0 {
			if old.Version != version {
				return apperr.New(apperr.PreconditionFailed, "case was changed by someone else: read it again and retry")
			}
			updated = old
			return nil
		}
		if updated, err = s.store.UpdateCase(ctx, next, version); err != nil {
			return err
		}
		if !slices.Equal(old.MemberIDs, next.MemberIDs) {
			if err := s.store.SetCaseMembers(ctx, id, next.MemberIDs); err != nil {
				return fmt.Errorf("set case members: %w", err)
			}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "case.update", EntityType: "case", EntityID: id.String(), CaseID: id.String(), Changes: changes})
	})
	return updated, err
}

// accessFields decide who sees a restricted case.
var accessFields = []string{"owner_id", "member_ids", "restricted"}

// mayChangeAccess lets only a case's owner or an admin restrict it or lift its
// restriction, and, on a restricted case, change its owner or members: a
// member may work on the case, but not take it over, remove the others or
// lift the restriction, and a responder may hand an open case on but not hide
// it from its owner and the department by restricting it.
func mayChangeAccess(ctx context.Context, old Case, changes audit.Changes) error {
	p := identity.From(ctx)
	if p.Role == "admin" || p.UserID == old.OwnerID {
		return nil
	}
	guarded := accessFields
	if !old.Restricted {
		guarded = []string{"restricted"}
	}
	var named []string
	for _, f := range guarded {
		if _, ok := changes[f]; ok {
			named = append(named, f)
		}
	}
	if len(named) == 0 {
		return nil
	}
	return apperr.New(apperr.Forbidden, "only the case's owner or an admin may change "+strings.Join(named, ", "))
}

// TransitionRefused is the 409 of a move the workflow does not allow now.
type TransitionRefused struct {
	From    Status
	To      Status
	Allowed []Status
	Unmet   []string
}

func (e *TransitionRefused) Error() string {
	return fmt.Sprintf("a case cannot move from %s to %s now", e.From, e.To)
}

// Transition moves a case to another status, with an optional note that joins
// the timeline.
func (s *Service) Transition(ctx context.Context, id uuid.UUID, to Status, note string) (Case, error) {
	return s.TransitionWith(ctx, id, to, note, TransitionOptions{})
}

// TransitionOptions say what a closing does with what would otherwise block it.
type TransitionOptions struct {
	CancelOpenTasks bool // a closing cancels the case's open tasks, each audited
}

// TransitionWith is Transition with options, applied in the same transaction.
func (s *Service) TransitionWith(ctx context.Context, id uuid.UUID, to Status, note string, opt TransitionOptions) (Case, error) {
	var moved Case
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := See(ctx, s.store, id, true)
		if err != nil {
			return err
		}
		c := v.Case()
		if to == Closed && opt.CancelOpenTasks && c.OpenTasks > 0 && CanMove(c.Status, Closed) {
			if err := s.cancelOpenTasks(ctx, v); err != nil {
				return err
			}
			c.OpenTasks = 0 // if the closing is refused after all, the rollback restores them
		}
		if allowed, unmet := AllowedMoves(c); !slices.Contains(allowed, to) {
			return refused(c, to, allowed, unmet)
		}
		from := c.Status
		c.Status = to
		if moved, err = s.store.UpdateCase(ctx, c, c.Version); err != nil {
			return err
		}
		if err := s.store.StampPhases(ctx, id, StampFor(to, s.now(ctx))); err != nil {
			return err
		}
		changes := audit.Changes{"status": {string(from), string(to)}}
		if note = strings.TrimSpace(note); note != "" {
			changes["note"] = [2]any{nil, note}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "case.transition", EntityType: "case", EntityID: id.String(), CaseID: id.String(), Changes: changes})
	})
	return moved, err
}

func refused(c Case, to Status, allowed []Status, unmet []string) error {
	if to != Closed && CanMove(c.Status, Closed) {
		unmet = nil // the conditions only matter for closing
	}
	if !CanMove(c.Status, to) {
		unmet = append([]string{fmt.Sprintf("the workflow has no move from %s to %s", c.Status, to)}, unmet...)
	}
	return apperr.Wrap(apperr.Conflict, fmt.Sprintf("the case cannot move from %s to %s now", c.Status, to),
		&TransitionRefused{From: c.Status, To: to, Allowed: allowed, Unmet: unmet})
}

// AllowedMoves returns the moves open to c now, and the conditions that keep it
// from closing.
func AllowedMoves(c Case) ([]Status, []string) {
	unmet := UnmetClosingConditions(c)
	var allowed []Status
	for _, m := range Moves(c.Status) {
		if m != Closed || len(unmet) == 0 {
			allowed = append(allowed, m)
		}
	}
	return allowed, unmet
}

// check refuses a case with one 422 that names every field at fault, whether
// for its value (invalidFields) or for what it refers to (referenceErrors).
func (s *Service) check(ctx context.Context, c Case, now time.Time) error {
	refs, err := s.referenceErrors(ctx, c)
	if err != nil {
		return err
	}
	if f := append(invalidFields(c, now), refs...); len(f) > 0 {
		return apperr.Invalidf(f, "the case is not valid")
	}
	return nil
}

// referenceErrors names the owner, members or department that do not exist or
// may not play their part.
func (s *Service) referenceErrors(ctx context.Context, c Case) ([]apperr.FieldError, error) {
	var f []apperr.FieldError
	if !callerMayOwn(ctx, c.OwnerID) {
		owners, err := s.store.Assignable(ctx, []uuid.UUID{c.OwnerID}, true)
		if err != nil {
			return nil, fmt.Errorf("check owner: %w", err)
		}
		if !owners[c.OwnerID] {
			f = append(f, apperr.FieldError{Field: "owner_id", Message: "must be an enabled admin or responder"})
		}
	}
	if len(c.MemberIDs) > 0 {
		members, err := s.store.Assignable(ctx, c.MemberIDs, false)
		if err != nil {
			return nil, fmt.Errorf("check members: %w", err)
		}
		for _, id := range c.MemberIDs {
			if !members[id] {
				f = append(f, apperr.FieldError{Field: "member_ids", Message: "must all be enabled accounts: one of them is not (" + id.String() + ")"})
				break
			}
		}
	}
	if c.DepartmentID != nil {
		ok, err := s.store.DepartmentExists(ctx, *c.DepartmentID)
		if err != nil {
			return nil, fmt.Errorf("check department: %w", err)
		}
		if !ok {
			f = append(f, apperr.FieldError{Field: "department_id", Message: "no such department"})
		}
	}
	return f, nil
}

// callerMayOwn reports whether owner is the caller and an admin or a
// responder: authenticating this request found the account enabled, so the
// usual case, a responder opening a case they own, needs no query.
func callerMayOwn(ctx context.Context, owner uuid.UUID) bool {
	p := identity.From(ctx)
	return p.Authenticated() && p.UserID == owner && slices.Contains(OwnerRoles, p.Role)
}

// OwnerRoles are the roles whose enabled users may own a case.
var OwnerRoles = []string{"admin", "responder"}

// dedupe returns ids without repeats, in the order the store keeps them.
func dedupe(ids []uuid.UUID) []uuid.UUID {
	if len(ids) == 0 {
		return nil
	}
	out := slices.Clone(ids)
	slices.SortFunc(out, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	return slices.Compact(out)
}
