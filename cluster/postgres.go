package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the database/sql driver "pgx"

	"github.com/caseward/caseward/internal/testcluster"
)

// postgres is a private PostgreSQL cluster in a temporary folder, on a port
// of its own: the run restarts it, which it must never do to a server others
// use.
type postgres struct {
	bin, dir string
	port     int
	asUser   []string // runuser -u postgres -- when running as root: initdb refuses root
}

// startPostgres creates and starts a fresh cluster that trusts loopback and
// holds connections for replicas replicas (38 each, docs/operations.md).
func startPostgres(ctx context.Context, bin, dir string, replicas int) (*postgres, error) {
	port, err := testcluster.FreePort()
	if err != nil {
		return nil, err
	}
	pg := &postgres{bin: bin, dir: dir, port: port}
	if os.Geteuid() == 0 {
		pg.asUser = []string{"runuser", "-u", "postgres", "--"}
		if err := exec.Command("chown", "postgres", dir).Run(); err != nil {
			return nil, fmt.Errorf("hand %s to the postgres user: %w", dir, err)
		}
	}
	if out, err := pg.run(ctx, "initdb", "-D", pg.data(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %w: %s", err, out)
	}
	conf := fmt.Sprintf("listen_addresses = '127.0.0.1'\nport = %d\nunix_socket_directories = '%s'\nmax_connections = %d\n",
		port, dir, 38*replicas+10) // docs/operations.md: 38 × replicas + 10
	if err := appendFile(filepath.Join(pg.data(), "postgresql.conf"), conf); err != nil {
		return nil, err
	}
	if out, err := pg.ctl(ctx, "start"); err != nil {
		return nil, fmt.Errorf("start PostgreSQL: %w: %s", err, out)
	}
	return pg, nil
}

func (pg *postgres) data() string { return filepath.Join(pg.dir, "data") }

// URL is the database Caseward uses.
func (pg *postgres) URL() string {
	return "postgres://postgres@127.0.0.1:" + strconv.Itoa(pg.port) + "/postgres?sslmode=disable"
}

// restart stops the server in immediate mode (no checkpoint: it recovers from
// its WAL, as after a crash) and starts it again.
func (pg *postgres) restart(ctx context.Context) error {
	if out, err := pg.ctl(ctx, "restart", "-m", "immediate"); err != nil {
		return fmt.Errorf("restart PostgreSQL: %w: %s", err, out)
	}
	return nil
}

func (pg *postgres) stop() {
	_, _ = pg.ctl(context.Background(), "stop", "-m", "fast") // best effort: the folder goes next
}

func (pg *postgres) ctl(ctx context.Context, args ...string) ([]byte, error) {
	return pg.run(ctx, "pg_ctl", append([]string{"-D", pg.data(), "-l", filepath.Join(pg.dir, "server.log"), "-w", "-t", "60"}, args...)...)
}

func (pg *postgres) run(ctx context.Context, tool string, args ...string) ([]byte, error) {
	argv := append(append(append([]string{}, pg.asUser...), filepath.Join(pg.bin, tool)), args...)
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = pg.dir
	return cmd.CombinedOutput()
}

// open connects to the database for the checks.
func (pg *postgres) open() (*sql.DB, error) {
	db, err := sql.Open("pgx", pg.URL())
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func appendFile(path, text string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		_ = f.Close()
		return err
	}
	return f.Close()
}
