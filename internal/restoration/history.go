package restoration

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
)

// MaxServiceHistory is the most suspensions a service page lists (the newest).
const MaxServiceHistory = 500

// ServiceInfo is what the service page says about the service itself.
type ServiceInfo struct {
	ID             uuid.UUID
	Name           string
	DepartmentID   uuid.UUID
	DepartmentName string
	PublicName     *string
	Suspended      bool // an active suspension names it
}

// HistoryRow is one suspension of a service with its case's reference.
type HistoryRow struct {
	Suspension    Suspension
	CaseReference string
}

// HistoryItem is a listed suspension with its derived progress and downtime.
type HistoryItem struct {
	HistoryRow
	Progress Progress
	Downtime time.Duration // as DowntimeOf
}

// ServiceHistory is a service's page: the service, the suspensions the caller
// may see (newest first, at most MaxServiceHistory), how many others exist,
// and the downtime figures of all of them.
type ServiceHistory struct {
	Service ServiceInfo
	Items   []HistoryItem
	// Hidden counts the service's suspensions on cases the caller may not
	// see; Omitted those the caller may see beyond MaxServiceHistory.
	Hidden, Omitted int
	ServiceFigures
}

// History returns a service's page. Department heads see only their own
// department's services (404 otherwise, as for an unknown service).
//
// The list follows need-to-know: a suspension on a case the caller may not
// see is left out, and only counted in Hidden. The figures count every
// suspension of the service: the service was down for everyone who uses it,
// and that is no secret (its status is shown to every role already).
func (s *Service) History(ctx context.Context, id uuid.UUID) (ServiceHistory, error) {
	p := identity.From(ctx)
	now := s.now(ctx)
	info, err := s.store.ServiceInfo(ctx, id)
	if err != nil {
		return ServiceHistory{}, err
	}
	if p.Role == "department_head" && (p.DepartmentID == nil || *p.DepartmentID != info.DepartmentID) {
		return ServiceHistory{}, apperr.New(apperr.NotFound, "service not found")
	}
	all, err := s.store.ServiceDowntime(ctx, id)
	if err != nil {
		return ServiceHistory{}, err
	}
	rows, visible, err := s.store.ServiceSuspensions(ctx, id, cases.ScopeFor(p), MaxServiceHistory)
	if err != nil {
		return ServiceHistory{}, err
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.Suspension.ID
	}
	ms, err := s.store.Milestones(ctx, ids)
	if err != nil {
		return ServiceHistory{}, err
	}
	h := ServiceHistory{Service: info, Items: make([]HistoryItem, len(rows)), ServiceFigures: FiguresOf(all, now),
		// The two reads are not one snapshot: a suspension recorded between
		// them must not make a count negative.
		Hidden: max(len(all)-visible, 0), Omitted: max(visible-len(rows), 0)}
	for i, r := range rows {
		h.Items[i] = HistoryItem{HistoryRow: r, Progress: Derive(r.Suspension, ms[r.Suspension.ID], now), Downtime: DowntimeOf(r.Suspension, now)}
	}
	return h, nil
}
