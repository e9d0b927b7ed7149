package restoration

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/page"
)

// Audience says who a stakeholder update is for.
type Audience string

// The audiences of an update.
const (
	Internal Audience = "internal" // staff who may see the case
	Public   Audience = "public"   // also the public status page
)

// The bounds of a suspension's updates. The API pages them, but a suspension's
// updates are also read whole for the status page and exports, so creation
// enforces the bound under the suspension's row lock.
const (
	MaxUpdatesPerSuspension = 1000
	MaxUpdateBody           = 5000 // characters
)

// Update is what the team told people about a suspension. Updates are never
// edited or deleted (the database refuses it); a correction is a new update
// naming the one it corrects.
type Update struct {
	ID           uuid.UUID
	SuspensionID uuid.UUID
	Audience     Audience
	Body         string
	CorrectsID   *uuid.UUID
	// ExpectedRestorationAt is the date the update announced, when it moved
	// (or first set) the suspension's expected date; ReplanID the re-plan kept
	// for the move.
	ExpectedRestorationAt *time.Time
	ReplanID              *uuid.UUID
	AuthorID              uuid.UUID
	AuthorName            string // read only
	At                    time.Time
}

// UpdateRequest is an update to post.
type UpdateRequest struct {
	Body                  string
	Audience              Audience
	ExpectedRestorationAt *time.Time
	// ReplanReason overrides the body as the reason of the re-plan a new
	// expected date makes.
	ReplanReason *string
	CorrectsID   *uuid.UUID
}

// PostUpdate appends an update to an active suspension the caller may see. A
// new expected date in it is a re-plan with the rules of Update, whose reason
// defaults to the body; the move, the re-plan and the update are written and
// audited in one transaction, or nothing is. A request with invalid fields is
// refused with one 422 naming every one of them (body, audience, corrects_id,
// the new date and its reason) before anything about the suspension's state.
func (s *Service) PostUpdate(ctx context.Context, suspensionID uuid.UUID, in UpdateRequest) (Update, error) {
	body := strings.TrimSpace(in.Body)
	var bad []apperr.FieldError
	badBody := body == "" || utf8.RuneCountInString(body) > MaxUpdateBody
	if badBody {
		bad = append(bad, apperr.FieldError{Field: "body", Message: fmt.Sprintf("is required (at most %d characters)", MaxUpdateBody)})
	}
	if in.Audience != Internal && in.Audience != Public {
		bad = append(bad, apperr.FieldError{Field: "audience", Message: "must be internal or public"})
	}
	u := Update{ID: uuid.Must(uuid.NewV7()), SuspensionID: suspensionID, Audience: in.Audience, Body: body,
		CorrectsID: in.CorrectsID, AuthorID: identity.From(ctx).UserID, At: s.now(ctx)}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		sp, err := s.store.Suspension(ctx, suspensionID, cases.ScopeFrom(ctx), true)
		if err != nil {
			return err
		}
		more, err := s.correctionErrors(ctx, sp, u)
		if err != nil {
			return err
		}
		bad = append(bad, more...)
		var move *updateMove
		if in.ExpectedRestorationAt != nil && !sameTime(sp.ExpectedRestorationAt, in.ExpectedRestorationAt) {
			var more []apperr.FieldError
			move, more = s.planByUpdate(ctx, sp, u.Body, badBody, *in.ExpectedRestorationAt, in.ReplanReason)
			bad = append(bad, more...)
		}
		if len(bad) > 0 {
			return apperr.Invalidf(bad, "the update is not valid")
		}
		if sp.Status != Active {
			return apperr.New(apperr.Conflict, fmt.Sprintf("the suspension is %s: updates are posted while the service is down", sp.Status))
		}
		if err := s.checkUpdate(ctx, sp, u); err != nil {
			return err
		}
		if move != nil {
			if err := s.replanByUpdate(ctx, sp, &u, *move); err != nil {
				return err
			}
		}
		if err := s.store.CreateUpdate(ctx, u); err != nil {
			return err
		}
		changes := audit.Changes{"suspension_id": {nil, sp.ID.String()}, "audience": {nil, string(u.Audience)}, "body": {nil, u.Body}}
		if u.CorrectsID != nil {
			changes["corrects_id"] = [2]any{nil, u.CorrectsID.String()}
		}
		if u.ReplanID != nil || u.ExpectedRestorationAt != nil {
			changes["expected_restoration_at"] = [2]any{audit.TimeValue(sp.ExpectedRestorationAt), audit.TimeValue(u.ExpectedRestorationAt)}
		}
		if u.ReplanID != nil {
			changes["replan_id"] = [2]any{nil, u.ReplanID.String()}
		}
		return s.audit.Record(ctx, audit.Entry{Action: "suspension.update_posted", EntityType: "suspension_update",
			EntityID: u.ID.String(), CaseID: sp.CaseID.String(), Changes: changes})
	})
	if err != nil {
		return Update{}, err
	}
	return s.store.SuspensionUpdate(ctx, u.ID)
}

// correctionErrors finds what is wrong with the update a correction names: no
// update of this suspension, or one in another audience.
func (s *Service) correctionErrors(ctx context.Context, sp Suspension, u Update) ([]apperr.FieldError, error) {
	if u.CorrectsID == nil {
		return nil, nil
	}
	old, err := s.store.SuspensionUpdate(ctx, *u.CorrectsID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && old.SuspensionID != sp.ID) {
		return []apperr.FieldError{{Field: "corrects_id", Message: "names no update of this suspension"}}, nil
	} else if err != nil {
		return nil, err
	}
	if old.Audience != u.Audience && (u.Audience == Internal || u.Audience == Public) {
		return []apperr.FieldError{{Field: "audience", Message: fmt.Sprintf("must be %s, as the update it corrects", old.Audience)}}, nil
	}
	return nil, nil
}

// checkUpdate refuses an update the suspension cannot take: public on a
// service that is not on the status page, or one more than the bound.
func (s *Service) checkUpdate(ctx context.Context, sp Suspension, u Update) error {
	if u.Audience == Public {
		svc, err := s.store.Service(ctx, sp.ServiceID)
		if err != nil {
			return fmt.Errorf("look up the suspended service: %w", err)
		}
		if svc.PublicName == "" {
			return apperr.New(apperr.Conflict, "the service is not on the public status page (it has no public name): post an internal update, or ask an admin to give the service a public name")
		}
	}
	held, err := s.store.CountUpdates(ctx, sp.ID)
	if err != nil {
		return fmt.Errorf("count the suspension's updates: %w", err)
	}
	if held >= MaxUpdatesPerSuspension {
		return apperr.New(apperr.Conflict, fmt.Sprintf("the suspension already holds %d updates, the most one suspension may", held))
	}
	return nil
}

// updateMove is the move of a suspension's expected date an update makes: the
// suspension as it becomes, and the re-plan to keep (nil for a first date).
type updateMove struct {
	next   Suspension
	replan *Replan
}

// planByUpdate checks the move of sp's expected date to at as PATCH would (the
// first date is the baseline; a later one a re-plan), with the update's body
// as the reason unless one is given. It returns the move, or the fields at
// fault; a body already refused (badBody) is not named again as the reason.
func (s *Service) planByUpdate(ctx context.Context, sp Suspension, body string, badBody bool, at time.Time, reason *string) (*updateMove, []apperr.FieldError) {
	at = at.UTC()
	next := sp
	next.ExpectedRestorationAt = &at
	why := reason
	if why == nil {
		why = &body
	}
	rp, bad := planChange(sp.ExpectedRestorationAt, next.ExpectedRestorationAt, &next.BaselineRestorationAt, why)
	if len(bad) > 0 && reason == nil {
		bad = nil
		if !badBody {
			bad = []apperr.FieldError{{Field: "replan_reason", Message: fmt.Sprintf("is needed: the text is longer than the %d characters a re-plan reason may have, so give a shorter reason", MaxReplanReason)}}
		}
	}
	now := s.now(ctx)
	bad = append(bad, promiseAhead(sp.ExpectedRestorationAt, next.ExpectedRestorationAt, next.SuspendedAt, now)...)
	bad = append(bad, suspensionErrors(next, now)...)
	return &updateMove{next: next, replan: rp}, bad
}

// replanByUpdate writes a checked move (see planByUpdate), audited as a change
// or a re-plan of the suspension, and notes it on u.
func (s *Service) replanByUpdate(ctx context.Context, sp Suspension, u *Update, m updateMove) error {
	if _, err := s.store.UpdateSuspension(ctx, m.next, sp.Version); err != nil {
		return err
	}
	u.ExpectedRestorationAt = m.next.ExpectedRestorationAt
	changes := suspensionChanges(sp, m.next)
	changes["update_id"] = [2]any{nil, u.ID.String()}
	if m.replan == nil {
		return s.record(ctx, "suspension.update", m.next, changes)
	}
	rp := m.replan
	rp.SuspensionID, rp.Kind = m.next.ID, SuspensionReplan
	if err := s.saveReplan(ctx, rp, changes); err != nil {
		return err
	}
	u.ReplanID = &rp.ID
	return s.record(ctx, "suspension.replan", m.next, changes)
}

// Updates returns one page of a suspension's updates, newest first, before the
// update beforeID, if the caller may see the suspension.
func (s *Service) Updates(ctx context.Context, suspensionID, beforeID uuid.UUID, limit int) ([]Update, bool, error) {
	if _, err := s.store.Suspension(ctx, suspensionID, cases.ScopeFrom(ctx), false); err != nil {
		return nil, false, err
	}
	return page.Read(limit, func(n int) ([]Update, error) { return s.store.Updates(ctx, suspensionID, beforeID, n) })
}
