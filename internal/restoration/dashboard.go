package restoration

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/identity"
)

// RecentlyRestored is how long a restored suspension stays on the dashboard.
const RecentlyRestored = 30 * 24 * time.Hour

// DashboardQuery selects the suspensions of the restoration dashboard.
type DashboardQuery struct {
	Scope         cases.Scope
	DepartmentID  *uuid.UUID // department heads: only their department's services
	RestoredSince time.Time
}

// DashboardRow is one suspension with what a department head wants beside it.
type DashboardRow struct {
	Suspension     Suspension
	ServiceName    string
	DepartmentID   uuid.UUID
	DepartmentName string
	CaseReference  string
}

// DashboardItem is a row with its derived progress and milestones.
type DashboardItem struct {
	DashboardRow
	Progress   Progress
	Milestones []Milestone
	// LatestUpdate is the suspension's newest update; nil when it has none.
	LatestUpdate *Update
}

// Dashboard returns every active suspension the caller may see, and those
// restored in the last 30 days, with their milestones and latest updates, in
// three queries however many there are.
func (s *Service) Dashboard(ctx context.Context) ([]DashboardItem, error) {
	p := identity.From(ctx)
	now := s.now(ctx)
	q := DashboardQuery{Scope: cases.ScopeFor(p), RestoredSince: now.Add(-RecentlyRestored)}
	if p.Role == "department_head" {
		q.DepartmentID = q.Scope.DepartmentID
	}
	rows, err := s.store.Dashboard(ctx, q)
	if err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.Suspension.ID
	}
	ms, err := s.store.Milestones(ctx, ids)
	if err != nil {
		return nil, err
	}
	latest, err := s.store.LatestUpdates(ctx, ids)
	if err != nil {
		return nil, err
	}
	items := make([]DashboardItem, len(rows))
	for i, r := range rows {
		m := ms[r.Suspension.ID]
		items[i] = DashboardItem{DashboardRow: r, Progress: Derive(r.Suspension, m, now), Milestones: m}
		if u, ok := latest[r.Suspension.ID]; ok {
			items[i].LatestUpdate = &u
		}
	}
	return items, nil
}
