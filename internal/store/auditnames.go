package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/audit"
)

// nameQueries say how each kind of thing in an audit trail is named: the
// table, and the column (or expression) that names it.
var nameQueries = []struct {
	what  string
	table string
	name  string
	refs  func(audit.Refs) map[uuid.UUID]struct{}
	into  func(*audit.Names) *map[uuid.UUID]string
}{
	{"people", "users", "name", func(r audit.Refs) map[uuid.UUID]struct{} { return r.People }, func(n *audit.Names) *map[uuid.UUID]string { return &n.People }},
	{"cases", "cases", "reference", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Cases }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Cases }},
	{"services", "services", "name", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Services }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Services }},
	{"departments", "departments", "name", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Departments }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Departments }},
	{"milestones", "milestones", "title", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Milestones }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Milestones }},
	{"evidence", "evidence", "title", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Evidence }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Evidence }},
	{"tasks", "tasks", "title", func(r audit.Refs) map[uuid.UUID]struct{} { return r.Tasks }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Tasks }},
	{"suspensions", "suspensions JOIN services ON services.id = suspensions.service_id", "services.name",
		func(r audit.Refs) map[uuid.UUID]struct{} { return r.Suspensions }, func(n *audit.Names) *map[uuid.UUID]string { return &n.Suspensions }},
}

// ResolveNames names what refs hold: one query per kind that has ids,
// whatever their number. An id that names nothing (a row since removed) is
// left out.
func (db *DB) ResolveNames(ctx context.Context, refs audit.Refs) (audit.Names, error) {
	var n audit.Names
	for _, k := range nameQueries {
		want := k.refs(refs)
		into := k.into(&n)
		*into = make(map[uuid.UUID]string, len(want))
		if len(want) == 0 {
			continue
		}
		ids := make([]uuid.UUID, 0, len(want))
		for id := range want {
			ids = append(ids, id)
		}
		idColumn := "id"
		if k.what == "suspensions" {
			idColumn = "suspensions.id"
		}
		for start := 0; start < len(ids); start += nameBatch {
			var rows []struct {
				ID   uuid.UUID
				Name string
			}
			err := db.reader(ctx).Table(k.table).Select(idColumn+" AS id, "+k.name+" AS name").
				Where(idColumn+" IN ?", ids[start:min(start+nameBatch, len(ids))]).Scan(&rows).Error
			if err != nil {
				return audit.Names{}, translate(err, fmt.Sprintf("names of %s", k.what))
			}
			for _, r := range rows {
				(*into)[r.ID] = r.Name
			}
		}
	}
	return n, nil
}

// nameBatch keeps a lookup's ids under both databases' limits on bound
// parameters; a page of the trail names far fewer.
const nameBatch = 5000
