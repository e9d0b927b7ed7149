package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
)

// observablesScenario is the name -only matches for the observable pivot
// scenarios.
const observablesScenario = "observable pivot"

// Seeded observables: pivotValues addresses, each in pivotRows/pivotValues
// cases, over every case of the database (issue 23: "an observable pivot
// with 1 000 000 observables stored, p99 under 20 ms under load").
const (
	pivotRows   = 1_000_000
	pivotValues = 200_000
	pivotBatch  = 1000
	// pivotRate is the steady load at which a pivot's p99 is measured.
	pivotRate = 300
)

// pivotValue is the address of value number v.
func pivotValue(v int) string { return fmt.Sprintf("10.%d.%d.%d", v/65536, v/256%256, v%256) }

// prepareObservables writes pivotRows observables straight into the
// database: row n holds value n mod pivotValues, in a case chosen so that
// the rows of one value fall in different cases. It returns the cases that
// hold observables.
func prepareObservables(dbURL, dataDir string) ([]string, error) {
	driver, dsn := "pgx", dbURL
	if dbURL == "" {
		driver, dsn = "sqlite", "file:"+filepath.Join(dataDir, "caseward.db")+"?_pragma=busy_timeout(10000)"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var caseIDs []string
	rows, err := db.Query("SELECT id FROM cases ORDER BY id")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		caseIDs = append(caseIDs, id)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var author string
	if err := db.QueryRow("SELECT id FROM users ORDER BY id LIMIT 1").Scan(&author); err != nil {
		return nil, err
	}
	if len(caseIDs) < pivotRows/pivotValues {
		return nil, fmt.Errorf("%d cases: too few to spread each value over %d", len(caseIDs), pivotRows/pivotValues)
	}
	start := time.Now()
	now := time.Now().UTC()
	for first := 0; first < pivotRows; first += pivotBatch {
		var b strings.Builder
		b.WriteString(`INSERT INTO observables (id, case_id, type, value, value_key, tlp, pap, ioc, tags, description, source,
 created_by_id, created_at, updated_at, version) VALUES `)
		args := make([]any, 0, pivotBatch*6)
		for n := first; n < first+pivotBatch; n++ {
			v := n % pivotValues
			c := ((n/pivotValues)*37 + v) % len(caseIDs)
			value := pivotValue(v)
			sum := sha256.Sum256([]byte(value))
			if n > first {
				b.WriteString(",")
			}
			i := len(args)
			if driver == "pgx" {
				fmt.Fprintf(&b, "($%d, $%d, 'ipv4', $%d, $%d, 'amber', 'amber', false, '[]', '', 'bench', $%d, $%d, $%d, 1)", i+1, i+2, i+3, i+4, i+5, i+6, i+6)
			} else {
				b.WriteString("(?, ?, 'ipv4', ?, ?, 'amber', 'amber', false, '[]', '', 'bench', ?, ?, ?, 1)")
			}
			args = append(args, uuid.Must(uuid.NewV7()).String(), caseIDs[c], value, hex.EncodeToString(sum[:]), author, now)
			if driver != "pgx" {
				args = append(args, now)
			}
		}
		if _, err := db.Exec(b.String(), args...); err != nil {
			return nil, fmt.Errorf("seed observables: %w", err)
		}
	}
	// As autovacuum would have by the time a million were stored.
	if _, err := db.Exec("VACUUM ANALYZE observables"); err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "seeded %d observables over %d cases in %.1f s\n", pivotRows, len(caseIDs), time.Since(start).Seconds())
	return caseIDs, nil
}

// pivotScenarios search a seeded value across the cases the responder may
// see, and read a page of a case's observables with their sightings. The
// observables are seeded once, before the first of them runs.
func (f *fixture) pivotScenarios(s *server) []scenario {
	var seed struct {
		once sync.Once
		err  error
	}
	prepare := func() error {
		seed.once.Do(func() {
			seeded, err := prepareObservables(f.dbURL, f.dataDir)
			if err != nil {
				seed.err = err
				return
			}
			visible := map[string]bool{}
			for _, id := range f.caseIDs {
				visible[id] = true
			}
			for _, id := range seeded {
				if visible[id] {
					f.pivotCases = append(f.pivotCases, id)
				}
			}
			if len(f.pivotCases) == 0 {
				seed.err = fmt.Errorf("no seeded case is one the responder may see")
			}
		})
		return seed.err
	}
	same := func(c func(i int) call) func(int) worker { return func(int) worker { return worker{next: c} } }
	search := same(func(int) call {
		v := url.QueryEscape(pivotValue(rand.IntN(pivotValues)))
		return call{method: "GET", url: s.api + "/observables?value=" + v, token: f.responder}
	})
	casePage := same(func(int) call {
		id := f.pivotCases[rand.IntN(len(f.pivotCases))]
		return call{method: "GET", url: s.api + "/cases/" + id + "/observables?limit=50", token: f.responder}
	})
	// The target is the latency at a steady pivotRate requests a second;
	// the same requests as fast as the connections go say what one replica
	// can take at most.
	rated := func(name string) string { return fmt.Sprintf("%s at %d/s", name, pivotRate) }
	return []scenario{
		{name: observablesScenario + ", search a value", prepare: prepare, worker: search},
		{name: rated(observablesScenario + ", search a value"), maxP99: 20, rate: pivotRate, prepare: prepare, worker: search},
		{name: observablesScenario + ", a case's page with sightings", prepare: prepare, worker: casePage},
		{name: rated(observablesScenario + ", a case's page with sightings"), maxP99: 20, rate: pivotRate, prepare: prepare, worker: casePage},
	}
}
