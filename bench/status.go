package main

import (
	"database/sql"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/google/uuid"

	_ "github.com/glebarez/go-sqlite" // the SQLite driver, to add public updates beside the server
)

// statusScenario is the name -only matches for the public status page.
const statusScenario = "public status page"

const (
	publicServices      = 1000
	suspendedPublic     = 100 // of which suspended
	updatesPerSuspended = 3   // public updates on each
)

// prepareStatus gives 1 000 new services public names, suspends a tenth of
// them and adds public updates to those, so that GET /status renders a large
// page. The updates go into the database with SQL: the updates API belongs to
// another change (swap this for POST /suspensions/{id}/updates once it is in).
func prepareStatus(s *server, departmentID, dbURL, dataDir string) error {
	admin, err := s.login("admin.2@example.org")
	if err != nil {
		return err
	}
	caseID, _, err := s.createCase(admin, "Benchmark: public status page")
	if err != nil {
		return err
	}
	var suspensions []string
	for i := range publicServices {
		var svc struct {
			ID string `json:"id"`
		}
		body := map[string]any{"name": fmt.Sprintf("Bench public service %04d", i), "department_id": departmentID,
			"public_name": fmt.Sprintf("Public service %04d", i)}
		if _, err := s.json(http.MethodPost, "/services", admin, body, http.StatusCreated, &svc); err != nil {
			return fmt.Errorf("public service %d: %w", i, err)
		}
		if i%(publicServices/suspendedPublic) != 0 {
			continue
		}
		var sp struct {
			ID string `json:"id"`
		}
		body = map[string]any{"service_id": svc.ID, "reason": "Benchmark", "decided_by": "bench",
			"expected_restoration_at": time.Now().UTC().Add(21 * 24 * time.Hour).Format(time.RFC3339)}
		if _, err := s.json(http.MethodPost, "/cases/"+caseID+"/suspensions", admin, body, http.StatusCreated, &sp); err != nil {
			return fmt.Errorf("suspend public service %d: %w", i, err)
		}
		suspensions = append(suspensions, sp.ID)
	}
	return addPublicUpdates(dbURL, dataDir, suspensions)
}

func addPublicUpdates(dbURL, dataDir string, suspensions []string) error {
	driver, dsn, insert := "pgx", dbURL,
		`INSERT INTO suspension_updates (id, suspension_id, audience, body, author_id, created_at)
		 VALUES ($1, $2, 'public', $3, (SELECT id FROM users ORDER BY id LIMIT 1), $4)`
	if dbURL == "" {
		driver, dsn = "sqlite", "file:"+filepath.Join(dataDir, "caseward.db")+"?_pragma=busy_timeout(10000)"
		insert = strings.NewReplacer("$1", "?", "$2", "?", "$3", "?", "$4", "?").Replace(insert)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now().UTC()
	for i, id := range suspensions {
		for j := range updatesPerSuspended {
			body := fmt.Sprintf("Update %d: the service is offline as a precaution while we check it; we expect it back within three weeks.", j+1)
			at := now.Add(-time.Duration(i*updatesPerSuspended+j) * time.Minute)
			if _, err := db.Exec(insert, uuid.Must(uuid.NewV7()).String(), id, body, at); err != nil {
				return fmt.Errorf("add a public update: %w", err)
			}
		}
	}
	return nil
}
