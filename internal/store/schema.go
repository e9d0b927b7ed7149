package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
)

// Column is one column as the database describes it.
type Column struct {
	Name     string
	Nullable bool
}

// Index is one explicitly created index.
type Index struct {
	Name   string
	Unique bool
}

// Table is a table's columns and indexes, sorted by name.
type Table struct {
	Columns []Column
	Indexes []Index
}

// Schema describes every application table (the migration bookkeeping table
// excluded), for the parity test between dialects.
func (db *DB) Schema(ctx context.Context) (map[string]Table, error) {
	if db.dialect == Postgres {
		return db.postgresSchema(ctx)
	}
	return db.sqliteSchema(ctx)
}

func (db *DB) postgresSchema(ctx context.Context) (map[string]Table, error) {
	schema := map[string]Table{}
	rows, err := db.sql.QueryContext(ctx, `SELECT table_name, column_name, is_nullable = 'YES'
FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'goose_db_version'`)
	if err != nil {
		return nil, fmt.Errorf("read columns: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var table string
		var c Column
		if err := rows.Scan(&table, &c.Name, &c.Nullable); err != nil {
			return nil, fmt.Errorf("read columns: %w", err)
		}
		t := schema[table]
		t.Columns = append(t.Columns, c)
		schema[table] = t
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read columns: %w", err)
	}
	idx, err := db.sql.QueryContext(ctx, `SELECT i.tablename, i.indexname, x.indisunique
FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
WHERE i.schemaname = 'public' AND NOT x.indisprimary AND i.tablename <> 'goose_db_version'`)
	if err != nil {
		return nil, fmt.Errorf("read indexes: %w", err)
	}
	defer idx.Close()
	for idx.Next() {
		var table string
		var i Index
		if err := idx.Scan(&table, &i.Name, &i.Unique); err != nil {
			return nil, fmt.Errorf("read indexes: %w", err)
		}
		t := schema[table]
		t.Indexes = append(t.Indexes, i)
		schema[table] = t
	}
	if err := idx.Err(); err != nil {
		return nil, fmt.Errorf("read indexes: %w", err)
	}
	return sortSchema(schema), nil
}

func (db *DB) sqliteSchema(ctx context.Context) (map[string]Table, error) {
	var tables []string
	err := db.gorm.WithContext(ctx).Raw(`SELECT name FROM sqlite_master WHERE type = 'table'
AND name NOT LIKE 'sqlite_%' AND name <> 'goose_db_version'`).Scan(&tables).Error
	if err != nil {
		return nil, fmt.Errorf("read tables: %w", err)
	}
	schema := map[string]Table{}
	for _, name := range tables {
		var t Table
		var cols []struct {
			Name    string
			Notnull bool
		}
		if err := db.gorm.WithContext(ctx).Raw(`SELECT name, "notnull" FROM pragma_table_info(?)`, name).Scan(&cols).Error; err != nil {
			return nil, fmt.Errorf("read columns of %s: %w", name, err)
		}
		for _, c := range cols {
			t.Columns = append(t.Columns, Column{Name: c.Name, Nullable: !c.Notnull})
		}
		var idx []struct {
			Name   string
			Unique bool
		}
		if err := db.gorm.WithContext(ctx).Raw(`SELECT name, "unique" FROM pragma_index_list(?) WHERE origin = 'c'`, name).Scan(&idx).Error; err != nil {
			return nil, fmt.Errorf("read indexes of %s: %w", name, err)
		}
		for _, i := range idx {
			t.Indexes = append(t.Indexes, Index{Name: i.Name, Unique: i.Unique})
		}
		schema[name] = t
	}
	return sortSchema(schema), nil
}

func sortSchema(schema map[string]Table) map[string]Table {
	for name, t := range schema {
		sort.Slice(t.Columns, func(i, j int) bool { return strings.Compare(t.Columns[i].Name, t.Columns[j].Name) < 0 })
		sort.Slice(t.Indexes, func(i, j int) bool { return strings.Compare(t.Indexes[i].Name, t.Indexes[j].Name) < 0 })
		schema[name] = t
	}
	return schema
}
