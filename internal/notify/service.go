package notify

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/directory"
	"github.com/caseward/caseward/internal/events"
	"github.com/caseward/caseward/internal/identity"
)

// Store is what notify needs from the database.
type Store interface {
	cases.Reader
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	// CaseAudiences returns who may see each case of ids that exists.
	CaseAudiences(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]cases.Audience, error)
	Service(ctx context.Context, id uuid.UUID) (directory.Service, error)
	Department(ctx context.Context, id uuid.UUID) (directory.Department, error)
	ResolveNames(ctx context.Context, refs audit.Refs) (audit.Names, error)

	// FollowOf returns the user's row for a target, found false when none.
	FollowOf(ctx context.Context, userID uuid.UUID, targetType string, targetID uuid.UUID) (row FollowRow, found bool, err error)
	SetFollow(ctx context.Context, f FollowRow) error
	DeleteFollow(ctx context.Context, userID uuid.UUID, targetType string, targetID uuid.UUID) error
	// CountFollows counts the user's rows.
	CountFollows(ctx context.Context, userID uuid.UUID) (int, error)
	// Follows lists the user's rows that follow (not refusals), named.
	Follows(ctx context.Context, userID uuid.UUID) ([]Follow, error)
	// Followers returns every row about the targets, given as ids by target type.
	Followers(ctx context.Context, targets map[string][]uuid.UUID) ([]FollowRow, error)
	// SuspendedServices returns the services each case's suspensions name.
	SuspendedServices(ctx context.Context, caseIDs []uuid.UUID) (map[uuid.UUID][]uuid.UUID, error)
	// PeopleOf returns who each entity of a type is about: a case's owner, a
	// task's assignee, a milestone's owner; no entry when nobody.
	PeopleOf(ctx context.Context, entityType string, ids []uuid.UUID) (map[uuid.UUID]uuid.UUID, error)
	// People returns the enabled users among ids, the enabled department
	// heads of headsOf, and, with admins, every enabled admin.
	People(ctx context.Context, ids, headsOf []uuid.UUID, admins bool) ([]Person, error)

	StoredPreferences(ctx context.Context, userIDs []uuid.UUID) (map[uuid.UUID]Stored, error)
	SetPreferences(ctx context.Context, userID uuid.UUID, choices []Choice, digest string) error

	AddNotifications(ctx context.Context, ns []Notification) error
	// Notifications and UnreadCount read scope's user's notifications,
	// leaving out those about cases scope may no longer see.
	Notifications(ctx context.Context, scope cases.Scope, unread bool, beforeSeq int64, limit int) ([]Notification, error)
	UnreadCount(ctx context.Context, scope cases.Scope) (int64, error)
	MarkRead(ctx context.Context, userID, id uuid.UUID, at time.Time) error
	MarkAllRead(ctx context.Context, userID uuid.UUID, at time.Time) (int64, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the use cases of following, preferences and the bell.
type Service struct {
	store Store
	audit Recorder
	now   func(context.Context) time.Time
}

// NewService returns a Service.
func NewService(store Store, audit Recorder) *Service {
	return &Service{store: store, audit: audit, now: clock.Now}
}

// MaxFollows bounds what one user follows.
const MaxFollows = 200

// see checks that the caller may see the target; one they may not is NotFound.
func (s *Service) see(ctx context.Context, targetType string, id uuid.UUID) error {
	switch targetType {
	case TargetCase:
		_, err := cases.See(ctx, s.store, id, false)
		return err
	case TargetService:
		_, err := s.store.Service(ctx, id)
		return err
	case TargetDepartment:
		_, err := s.store.Department(ctx, id)
		return err
	}
	return apperr.Invalidf([]apperr.FieldError{{Field: "target_type", Message: "must be case, service or department"}},
		"cannot follow a %q", targetType)
}

// ownDepartment reports whether p is a department head and id their department.
func ownDepartment(p identity.Principal, targetType string, id uuid.UUID) bool {
	return p.Role == "department_head" && targetType == TargetDepartment && p.DepartmentID != nil && *p.DepartmentID == id
}

// FollowState reports whether the caller follows the target, and whether
// that is a department head's default.
func (s *Service) FollowState(ctx context.Context, targetType string, id uuid.UUID) (following, implicit bool, err error) {
	if err := s.see(ctx, targetType, id); err != nil {
		return false, false, err
	}
	p := identity.From(ctx)
	row, found, err := s.store.FollowOf(ctx, p.UserID, targetType, id)
	if err != nil {
		return false, false, err
	}
	if found {
		return row.Following, false, nil
	}
	own := ownDepartment(p, targetType, id)
	return own, own, nil
}

// Follow makes the caller follow the target; following it already changes nothing.
func (s *Service) Follow(ctx context.Context, targetType string, id uuid.UUID) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.see(ctx, targetType, id); err != nil {
			return err
		}
		p := identity.From(ctx)
		row, found, err := s.store.FollowOf(ctx, p.UserID, targetType, id)
		if err != nil {
			return err
		}
		if (found && row.Following) || (!found && ownDepartment(p, targetType, id)) {
			return nil
		}
		if !found {
			n, err := s.store.CountFollows(ctx, p.UserID)
			if err != nil {
				return err
			}
			if n >= MaxFollows {
				return apperr.New(apperr.Conflict, fmt.Sprintf("you already follow %d things: unfollow some first", MaxFollows))
			}
		}
		if err := s.store.SetFollow(ctx, FollowRow{UserID: p.UserID, TargetType: targetType, TargetID: id, Following: true}); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "notify.follow", EntityType: targetType, EntityID: id.String(),
			Changes: audit.Changes{"following": {false, true}}})
	})
}

// Unfollow stops the caller following the target. A department head's own
// department is followed by default, so unfollowing it stores a refusal.
func (s *Service) Unfollow(ctx context.Context, targetType string, id uuid.UUID) error {
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.see(ctx, targetType, id); err != nil {
			return err
		}
		p := identity.From(ctx)
		row, found, err := s.store.FollowOf(ctx, p.UserID, targetType, id)
		if err != nil {
			return err
		}
		own := ownDepartment(p, targetType, id)
		switch {
		case own && found && !row.Following:
			return nil // refused already
		case own:
			err = s.store.SetFollow(ctx, FollowRow{UserID: p.UserID, TargetType: targetType, TargetID: id, Following: false})
		case !found:
			return nil // not followed
		default:
			err = s.store.DeleteFollow(ctx, p.UserID, targetType, id)
		}
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "notify.unfollow", EntityType: targetType, EntityID: id.String(),
			Changes: audit.Changes{"following": {true, false}}})
	})
}

// Follows lists what the caller follows: their follows of cases they may
// still see, of services and departments, and a head's default follow.
func (s *Service) Follows(ctx context.Context) ([]Follow, error) {
	p := identity.From(ctx)
	rows, err := s.store.Follows(ctx, p.UserID)
	if err != nil {
		return nil, err
	}
	out := make([]Follow, 0, len(rows)+1)
	if p.Role == "department_head" && p.DepartmentID != nil {
		_, found, err := s.store.FollowOf(ctx, p.UserID, TargetDepartment, *p.DepartmentID)
		if err != nil {
			return nil, err
		}
		if !found {
			d, err := s.store.Department(ctx, *p.DepartmentID)
			if err == nil {
				out = append(out, Follow{TargetType: TargetDepartment, TargetID: d.ID, Name: d.Name, Implicit: true})
			}
		}
	}
	for _, f := range rows {
		if f.TargetType == TargetCase {
			if _, err := cases.See(ctx, s.store, f.TargetID, false); apperr.Is(err, apperr.NotFound) {
				continue // no longer theirs to see
			} else if err != nil {
				return nil, err
			}
		}
		out = append(out, f)
	}
	return out, nil
}

// Preferences returns the caller's choices, defaults filled in.
func (s *Service) Preferences(ctx context.Context) (Preferences, error) {
	p := identity.From(ctx)
	stored, err := s.store.StoredPreferences(ctx, []uuid.UUID{p.UserID})
	if err != nil {
		return Preferences{}, err
	}
	return fill(stored[p.UserID], p.Role), nil
}

// fill is st with every switch it leaves out at its default for role.
func fill(st Stored, role string) Preferences {
	out := Preferences{Digest: st.Digest, Enabled: map[Key]bool{}}
	if out.Digest == "" {
		out.Digest = DigestOff
	}
	for _, k := range events.Kinds {
		if events.ForAdmins(k) && role != "admin" {
			continue
		}
		for _, c := range Channels {
			key := Key{k, c}
			on, ok := st.Choices[key]
			if !ok {
				on = Default(k, c, role)
			}
			out.Enabled[key] = on
		}
	}
	return out
}

// SetPreferences sets the caller's switches that choices name and, unless
// empty, the digest. An unknown kind, channel or digest changes nothing.
func (s *Service) SetPreferences(ctx context.Context, choices []Choice, digest string) (Preferences, error) {
	var fields []apperr.FieldError
	for i, c := range choices {
		if !events.Known(c.Kind) {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("preferences[%d].kind", i), Message: "is not a kind of event"})
		}
		if !validChannel(c.Channel) {
			fields = append(fields, apperr.FieldError{Field: fmt.Sprintf("preferences[%d].channel", i), Message: "must be in_app or email"})
		}
	}
	if digest != "" && !validDigest(digest) {
		fields = append(fields, apperr.FieldError{Field: "email_digest", Message: "must be off, hourly or daily"})
	}
	if len(fields) > 0 {
		return Preferences{}, apperr.Invalidf(fields, "these preferences are not valid")
	}
	p := identity.From(ctx)
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		before, err := s.store.StoredPreferences(ctx, []uuid.UUID{p.UserID})
		if err != nil {
			return err
		}
		old := fill(before[p.UserID], p.Role)
		changes := audit.Changes{}
		for _, c := range choices {
			if old.Enabled[Key{c.Kind, c.Channel}] != c.Enabled {
				changes[c.Kind+"/"+c.Channel] = [2]any{!c.Enabled, c.Enabled}
			}
		}
		if digest != "" && digest != old.Digest {
			changes["email_digest"] = [2]any{old.Digest, digest}
		}
		if len(changes) == 0 {
			return nil
		}
		if err := s.store.SetPreferences(ctx, p.UserID, choices, digest); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "notify.preferences", EntityType: "user", EntityID: p.UserID.String(), Changes: changes})
	})
	if err != nil {
		return Preferences{}, err
	}
	return s.Preferences(ctx)
}

// Unsubscribe turns kind off on channel for userID: the mail's unsubscribe
// link, which acts for the user it was sent to without a sign-in.
func (s *Service) Unsubscribe(ctx context.Context, userID uuid.UUID, kind, channel string) error {
	var fields []apperr.FieldError
	if !events.Known(kind) {
		fields = append(fields, apperr.FieldError{Field: "kind", Message: "is not a kind of event"})
	}
	if !validChannel(channel) {
		fields = append(fields, apperr.FieldError{Field: "channel", Message: "must be in_app or email"})
	}
	if len(fields) > 0 {
		return apperr.Invalidf(fields, "cannot unsubscribe from that")
	}
	return s.store.InTx(ctx, func(ctx context.Context) error {
		if err := s.store.SetPreferences(ctx, userID, []Choice{{Kind: kind, Channel: channel, Enabled: false}}, ""); err != nil {
			return err
		}
		return s.audit.Record(ctx, audit.Entry{Action: "notify.preferences", EntityType: "user", EntityID: userID.String(),
			ActorID: userID.String(), Changes: audit.Changes{kind + "/" + channel: {true, false}}})
	})
}
