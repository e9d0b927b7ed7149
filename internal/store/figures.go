package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/figures"
)

// StampPhases records a move's phase times on the case: contained_at once,
// closed_at on each closing and cleared otherwise (cases.PhaseStamp).
func (db *DB) StampPhases(ctx context.Context, caseID uuid.UUID, p cases.PhaseStamp) error {
	updates := map[string]any{"closed_at": nil}
	if p.Closes {
		updates["closed_at"] = p.At.UTC()
	}
	if p.Contains {
		updates["contained_at"] = gorm.Expr("COALESCE(contained_at, ?)", p.At.UTC())
	}
	if err := db.conn(ctx).Table("cases").Where("id = ?", caseID).Updates(updates).Error; err != nil {
		return translate(err, "case phases")
	}
	return nil
}

// CasePhaseTimes returns when a case was first contained and last closed.
func (db *DB) CasePhaseTimes(ctx context.Context, v cases.Visible) (contained, closed *time.Time, err error) {
	caseID, err := v.CaseID()
	if err != nil {
		return nil, nil, fmt.Errorf("case phases: %w", err)
	}
	var row struct {
		ContainedAt *time.Time
		ClosedAt    *time.Time
	}
	if err := db.reader(ctx).Table("cases").Select("contained_at, closed_at").Where("id = ?", caseID).Take(&row).Error; err != nil {
		return nil, nil, translate(err, "case phases")
	}
	return utcPtr(row.ContainedAt), utcPtr(row.ClosedAt), nil
}

// epoch is column's time in seconds since 1970 (a float, fractions kept), so
// that both dialects subtract and compare times as numbers.
func (db *DB) epoch(column string) string {
	if db.dialect == Postgres {
		return "CAST(EXTRACT(EPOCH FROM " + column + ") AS double precision)"
	}
	return "unixepoch(" + column + ", 'subsec')"
}

// monthOf is column's calendar month in UTC as YYYY-MM.
func (db *DB) monthOf(column string) string {
	if db.dialect == Postgres {
		return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	return "strftime('%Y-%m', " + column + ")"
}

// Figures computes the reporting page's figures over the cases q.Scope may
// see, with the same scoping as the cases list.
func (db *DB) Figures(ctx context.Context, q figures.Query) (figures.Report, error) {
	var r figures.Report
	var err error
	if r.Months, err = db.figureMonths(ctx, q); err != nil {
		return r, err
	}
	if r.Severity, err = db.figureSeverities(ctx, q); err != nil {
		return r, err
	}
	if r.Downtime, err = db.figureDowntime(ctx, q); err != nil {
		return r, err
	}
	r.Regulator, err = db.figureRegulator(ctx, q)
	return r, err
}

// scopedCases is the cases q.Scope may see, for a query to select from.
func (db *DB) scopedCases(ctx context.Context, q figures.Query, where string, args ...any) *gorm.DB {
	return visible(db.reader(ctx).Model(&caseRow{}), q.Scope).Where(where, args...)
}

func (db *DB) figureMonths(ctx context.Context, q figures.Query) ([]figures.Month, error) {
	by := map[string]*figures.Month{}
	var order []string
	for _, col := range []string{"created_at", "closed_at"} {
		var rows []struct {
			Month string
			N     int
		}
		sub := db.scopedCases(ctx, q, "cases."+col+" >= ?", q.Since.UTC()).
			Select(db.monthOf("cases."+col) + " AS month, count(*) AS n").Group("month")
		if err := sub.Scan(&rows).Error; err != nil {
			return nil, translate(err, "figures by month")
		}
		for _, row := range rows {
			m := by[row.Month]
			if m == nil {
				m = &figures.Month{Month: row.Month}
				by[row.Month] = m
				order = append(order, row.Month)
			}
			if col == "created_at" {
				m.Opened = row.N
			} else {
				m.Closed = row.N
			}
		}
	}
	out := make([]figures.Month, 0, len(order))
	for _, k := range order {
		out = append(out, *by[k])
	}
	return out, nil
}

// figureSeverities reads, per severity, the mean and 90th percentile of the
// times from detection to containment and to closure. PostgreSQL has
// percentile_cont; SQLite gets the same interpolation (between the values at
// 0-based positions floor(p·(n−1)) and the next) from window functions.
func (db *DB) figureSeverities(ctx context.Context, q figures.Query) ([]figures.SeverityTimes, error) {
	out := make([]figures.SeverityTimes, len(cases.Severities))
	for i, s := range cases.Severities {
		out[i].Severity = s
	}
	for _, phase := range []string{"contained_at", "closed_at"} {
		var rows []struct {
			Rank int
			N    int
			Mean *float64
			P90  *float64
		}
		d := db.scopedCases(ctx, q, "cases."+phase+" IS NOT NULL").
			Select("cases.severity_rank AS rank, " + db.epoch("cases."+phase) + " - " + db.epoch("cases.detected_at") + " AS v")
		var sql string
		if db.dialect == Postgres {
			sql = fmt.Sprintf(`SELECT rank, count(*) AS n, avg(v) AS mean, percentile_cont(%g) WITHIN GROUP (ORDER BY v) AS p90
FROM (?) AS d GROUP BY rank`, figures.Percentile)
		} else {
			sql = fmt.Sprintf(`SELECT rank, max(n) AS n, avg(v) AS mean,
 sum(CASE WHEN i = CAST(%[1]g * (n - 1) AS INTEGER) THEN v * (1 - (%[1]g * (n - 1) - CAST(%[1]g * (n - 1) AS INTEGER)))
          WHEN i = CAST(%[1]g * (n - 1) AS INTEGER) + 1 THEN v * (%[1]g * (n - 1) - CAST(%[1]g * (n - 1) AS INTEGER))
          ELSE 0 END) AS p90
FROM (SELECT rank, v, row_number() OVER (PARTITION BY rank ORDER BY v) - 1 AS i, count(*) OVER (PARTITION BY rank) AS n FROM (?) AS d) AS o
GROUP BY rank`, figures.Percentile)
		}
		if err := db.reader(ctx).Raw(sql, d).Scan(&rows).Error; err != nil {
			return nil, translate(err, "figures by severity")
		}
		for _, row := range rows {
			if row.Rank < 1 || row.Rank > len(out) {
				continue
			}
			dur := figures.Duration{Count: row.N, MeanSecs: row.Mean, P90Secs: row.P90}
			if phase == "contained_at" {
				out[row.Rank-1].ToContain = dur
			} else {
				out[row.Rank-1].ToClose = dur
			}
		}
	}
	return out, nil
}

// figureDowntime sums, per department, the downtime of its services in the
// cases in scope: each suspension from suspended_at to restored_at (to now
// while active; cancelled ones not at all), a service's overlapping
// suspensions merged into one stretch (gaps and islands), as
// restoration.MergeSpans does.
func (db *DB) figureDowntime(ctx context.Context, q figures.Query) ([]figures.DepartmentDowntime, error) {
	now := float64(q.Now.UnixNano()) / 1e9
	from, restored := db.epoch("s.suspended_at"), db.epoch("s.restored_at")
	spans := db.reader(ctx).Table("suspensions AS s").Joins("JOIN services sv ON sv.id = s.service_id").
		Select(fmt.Sprintf(`s.service_id, sv.department_id, %s AS f,
 CASE WHEN s.status = 'restored' AND s.restored_at IS NOT NULL AND %s < ? THEN %s ELSE ? END AS t`, from, restored, restored), now, now).
		Where("s.status <> 'cancelled' AND s.case_id IN (?)", visible(db.reader(ctx).Model(&caseRow{}).Select("cases.id"), q.Scope))
	const sql = `SELECT dp.id AS department_id, dp.name AS department_name, count(DISTINCT m.service_id) AS services, sum(m.secs) AS secs
FROM (SELECT service_id, department_id, max(t) - min(f) AS secs
      FROM (SELECT service_id, department_id, f, t,
                   sum(starts) OVER (PARTITION BY service_id ORDER BY f, t ROWS UNBOUNDED PRECEDING) AS island
            FROM (SELECT service_id, department_id, f, t,
                         CASE WHEN f <= max(t) OVER (PARTITION BY service_id ORDER BY f, t ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                              THEN 0 ELSE 1 END AS starts
                  FROM (?) AS spans WHERE t > f) AS marked) AS islands
      GROUP BY service_id, department_id, island) AS m
JOIN departments dp ON dp.id = m.department_id
GROUP BY dp.id, dp.name
ORDER BY secs DESC, dp.name`
	var rows []struct {
		DepartmentID   uuid.UUID
		DepartmentName string
		Services       int
		Secs           float64
	}
	if err := db.reader(ctx).Raw(sql, spans).Scan(&rows).Error; err != nil {
		return nil, translate(err, "downtime by department")
	}
	out := make([]figures.DepartmentDowntime, len(rows))
	for i, r := range rows {
		out[i] = figures.DepartmentDowntime{DepartmentID: r.DepartmentID, DepartmentName: r.DepartmentName, Services: r.Services, Seconds: int64(r.Secs + 0.5)}
	}
	return out, nil
}

// figureRegulator counts the cases needing a notification by outcome.
func (db *DB) figureRegulator(ctx context.Context, q figures.Query) (figures.Regulator, error) {
	now := float64(q.Now.UnixNano()) / 1e9
	notified, due := db.epoch("cases.regulator_notified_at"), db.epoch("cases.regulator_due_at")
	pending := "cases.regulator_notified_at IS NULL AND cases.regulator_decision_rationale = ''"
	var r struct{ OnTime, Late, Overdue, Running, NotNotifying int }
	err := db.scopedCases(ctx, q, "cases.regulator_due_at IS NOT NULL").Select(fmt.Sprintf(`
 coalesce(sum(CASE WHEN cases.regulator_notified_at IS NOT NULL AND %[1]s <= %[2]s THEN 1 ELSE 0 END), 0) AS on_time,
 coalesce(sum(CASE WHEN cases.regulator_notified_at IS NOT NULL AND %[1]s > %[2]s THEN 1 ELSE 0 END), 0) AS late,
 coalesce(sum(CASE WHEN %[3]s AND %[2]s <= ? THEN 1 ELSE 0 END), 0) AS overdue,
 coalesce(sum(CASE WHEN %[3]s AND %[2]s > ? THEN 1 ELSE 0 END), 0) AS running,
 coalesce(sum(CASE WHEN cases.regulator_notified_at IS NULL AND cases.regulator_decision_rationale <> '' THEN 1 ELSE 0 END), 0) AS not_notifying`,
		notified, due, pending), now, now).Scan(&r).Error
	if err != nil {
		return figures.Regulator{}, translate(err, "regulator figures")
	}
	return figures.Regulator(r), nil
}
