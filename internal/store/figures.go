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

// epoch is column's time in whole seconds since 1970 (the fraction dropped),
// so that both dialects subtract and compare times as the same integers. On
// SQLite the phase durations are indexed on exactly these expressions
// (migration 00030), so that the figures read them from the index instead of
// parsing two times per case.
func (db *DB) epoch(column string) string {
	if db.dialect == Postgres {
		return "floor(date_part('epoch', " + column + "))"
	}
	return "unixepoch(" + column + ")"
}

// monthOf is column's calendar month in UTC as YYYY-MM. SQLite holds times as
// UTC text that starts with it ("2026-11-30 23:59:59+00:00"), so it is a cut,
// not a parse of every case's time.
func (db *DB) monthOf(column string) string {
	if db.dialect == Postgres {
		return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM')"
	}
	return "substr(" + column + ", 1, 7)"
}

// Figures computes the reporting page's figures over the cases q.Scope may
// see, with the same scoping as the cases list. On PostgreSQL they are read in
// one transaction with JIT compilation off: each read costs enough to pass
// jit_above_cost, and compiling took 270 ms of a 470 ms read at 100 000 cases.
func (db *DB) Figures(ctx context.Context, q figures.Query) (figures.Report, error) {
	if db.dialect != Postgres {
		return db.figures(ctx, q)
	}
	var r figures.Report
	err := db.InTx(ctx, func(ctx context.Context) error {
		if err := db.conn(ctx).Exec("SET LOCAL jit = off").Error; err != nil {
			return translate(err, "figures")
		}
		var err error
		r, err = db.figures(ctx, q)
		return err
	})
	return r, err
}

func (db *DB) figures(ctx context.Context, q figures.Query) (figures.Report, error) {
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

// scopedCases is the cases q.Scope may see, for a query to select from. A
// department head's are found from their few candidates (their department's
// cases, those suspending its services, those they own or are a member of)
// rather than by testing every case of the table against visible's rule.
func (db *DB) scopedCases(ctx context.Context, q figures.Query, where string, args ...any) *gorm.DB {
	tx := visible(db.reader(ctx).Model(&caseRow{}), q.Scope).Where(where, args...)
	if d := q.Scope.DepartmentID; d != nil && !q.Scope.All {
		tx = tx.Where(`cases.id IN (SELECT c.id FROM cases c WHERE c.department_id = ?
 UNION SELECT s.case_id FROM suspensions s JOIN services sv ON sv.id = s.service_id WHERE sv.department_id = ?
 UNION SELECT c.id FROM cases c WHERE c.owner_id = ?
 UNION SELECT m.case_id FROM case_members m WHERE m.user_id = ?)`, *d, *d, q.Scope.UserID, q.Scope.UserID)
	}
	return tx
}

func (db *DB) figureMonths(ctx context.Context, q figures.Query) ([]figures.Month, error) {
	end := q.Since.UTC().AddDate(0, figures.Months, 0)
	var out []figures.Month
	at := map[string]int{}
	for _, col := range []string{"cases.created_at", "cases.closed_at"} {
		var rows []struct {
			Month string
			N     int
		}
		err := db.scopedCases(ctx, q, col+" >= ? AND "+col+" < ?", q.Since.UTC(), end).
			Select(db.monthOf(col) + " AS month, count(*) AS n").Group("month").Scan(&rows).Error
		if err != nil {
			return nil, translate(err, "figures by month")
		}
		for _, r := range rows {
			i, ok := at[r.Month]
			if !ok {
				i = len(out)
				at[r.Month] = i
				out = append(out, figures.Month{Month: r.Month})
			}
			if col == "cases.created_at" {
				out[i].Opened = r.N
			} else {
				out[i].Closed = r.N
			}
		}
	}
	return out, nil
}

// figureSeverities reads, per severity, the mean and 90th percentile of the
// times from detection to containment and to closure. The percentile is
// PostgreSQL's percentile_cont: the values at 0-based positions k =
// floor(p·(n−1)) and k+1, interpolated. SQLite has no percentile: it reads the
// two values with an ordered query with OFFSET k, through the index on the
// duration (migration 00030), and interpolates the same way; for a department
// head's few cases, window functions number them in one pass instead.
func (db *DB) figureSeverities(ctx context.Context, q figures.Query) ([]figures.SeverityTimes, error) {
	out := make([]figures.SeverityTimes, len(cases.Severities))
	for i, s := range cases.Severities {
		out[i].Severity = s
	}
	for _, phase := range []string{"contained_at", "closed_at"} {
		dur := db.epoch("cases."+phase) + " - " + db.epoch("cases.detected_at")
		reached := "cases." + phase + " IS NOT NULL"
		var rows []struct {
			Rank int
			N    int
			Mean *float64
			P90  *float64
		}
		sel := "cases.severity_rank AS rank, count(*) AS n, avg(" + dur + ") AS mean"
		few := db.dialect == SQLite && q.Scope.DepartmentID != nil && !q.Scope.All
		var err error
		switch {
		case db.dialect == Postgres:
			sel += fmt.Sprintf(", percentile_cont(%g) WITHIN GROUP (ORDER BY %s) AS p90", figures.Percentile, dur)
			err = db.scopedCases(ctx, q, reached).Select(sel).Group("cases.severity_rank").Scan(&rows).Error
		case few:
			// A department head's few cases: one pass with window functions
			// beats walking the whole duration index once per severity.
			d := db.scopedCases(ctx, q, reached).Select("cases.severity_rank AS rank, " + dur + " AS v")
			err = db.reader(ctx).Raw(fmt.Sprintf(`SELECT rank, max(n) AS n, avg(v) AS mean,
 sum(CASE WHEN i = CAST(%[1]g * (n - 1) AS INTEGER) THEN v * (1 - (%[1]g * (n - 1) - CAST(%[1]g * (n - 1) AS INTEGER)))
          WHEN i = CAST(%[1]g * (n - 1) AS INTEGER) + 1 THEN v * (%[1]g * (n - 1) - CAST(%[1]g * (n - 1) AS INTEGER))
          ELSE 0 END) AS p90
FROM (SELECT rank, v, row_number() OVER (PARTITION BY rank ORDER BY v) - 1 AS i, count(*) OVER (PARTITION BY rank) AS n FROM (?) AS d) AS o
GROUP BY rank`, figures.Percentile), d).Scan(&rows).Error
		default:
			err = db.scopedCases(ctx, q, reached).Select(sel).Group("cases.severity_rank").Scan(&rows).Error
		}
		if err != nil {
			return nil, translate(err, "figures by severity")
		}
		for _, row := range rows {
			if row.Rank < 1 || row.Rank > len(out) {
				continue
			}
			if db.dialect == SQLite && !few && row.N > 0 {
				p, err := db.sqlitePercentile(ctx, q, reached, dur, row.Rank, row.N)
				if err != nil {
					return nil, err
				}
				row.P90 = &p
			}
			d := figures.Duration{Count: row.N, MeanSecs: row.Mean, P90Secs: row.P90}
			if phase == "contained_at" {
				out[row.Rank-1].ToContain = d
			} else {
				out[row.Rank-1].ToClose = d
			}
		}
	}
	return out, nil
}

// sqlitePercentile is percentile_cont(figures.Percentile) of dur over the n
// cases of severity rank that reached the phase.
func (db *DB) sqlitePercentile(ctx context.Context, q figures.Query, reached, dur string, rank, n int) (float64, error) {
	pos := figures.Percentile * float64(n-1)
	k := int(pos)
	var vals []float64
	err := db.scopedCases(ctx, q, reached+" AND cases.severity_rank = ?", rank).
		Order(dur).Limit(2).Offset(k).Pluck(dur, &vals).Error
	if err != nil || len(vals) == 0 {
		return 0, translate(err, "figures by severity")
	}
	if len(vals) == 1 {
		return vals[0], nil
	}
	return vals[0] + (pos-float64(k))*(vals[1]-vals[0]), nil
}

// figureDowntime sums, per department, the downtime of its services in the
// cases in scope: each suspension from suspended_at to restored_at (to now
// while active; cancelled ones not at all), a service's overlapping
// suspensions merged into one stretch (gaps and islands), as
// restoration.MergeSpans does.
func (db *DB) figureDowntime(ctx context.Context, q figures.Query) ([]figures.DepartmentDowntime, error) {
	now := float64(q.Now.UnixNano()) / 1e9
	from, restored := db.epoch("s.suspended_at"), db.epoch("s.restored_at")
	spans := visible(db.reader(ctx).Table("suspensions AS s").Joins("JOIN services sv ON sv.id = s.service_id").
		Joins("JOIN cases ON cases.id = s.case_id"), q.Scope).
		Select(fmt.Sprintf(`s.service_id, sv.department_id, %s AS f,
 CASE WHEN s.status = 'restored' AND s.restored_at IS NOT NULL AND %s < ? THEN %s ELSE ? END AS t`, from, restored, restored), now, now).
		Where("s.status <> 'cancelled'")
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
