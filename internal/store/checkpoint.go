package store

import (
	"database/sql"
	"fmt"
	"sync"
	"time"

	_ "github.com/glebarez/go-sqlite" // database/sql's "sqlite" driver, gorm's too
)

// SQLite in WAL mode appends each commit to the -wal file and copies the
// pages back into the database file in a checkpoint, which ends with an
// fsync. Left to SQLite, the commit that grows the WAL past a threshold runs
// the checkpoint itself: a creation then waited for the disk behind
// someone else's pages, the writer was held meanwhile, and every request
// queued behind it (a checkpoint every few groups of creations, the slowest
// commits taking hundreds of milliseconds on a busy disk). A connection of
// its own checkpoints in the background instead, in SQLite's PASSIVE mode,
// which never waits for or holds up the writer or the readers.
const (
	// checkpointEvery is how often the background connection checkpoints.
	checkpointEvery = 100 * time.Millisecond
	// walSafetyPages is when the writer checkpoints by itself after all:
	// only if the background falls far behind (SQLite's default is 1 000
	// pages, 4 MiB).
	walSafetyPages = 16384
)

// checkpointer copies the WAL back into the database file in the background.
// Its connection is not the store's: none of the store's hooks see it.
type checkpointer struct {
	conn     *sql.DB
	stop     chan struct{}
	done     chan struct{}
	stopOnce sync.Once
}

func startCheckpointer(path string, timeout time.Duration) (*checkpointer, error) {
	conn, err := sql.Open("sqlite", sqliteDSN(path, timeout))
	if err != nil {
		return nil, fmt.Errorf("open sqlite checkpointer: %w", err)
	}
	conn.SetMaxOpenConns(1)
	c := &checkpointer{conn: conn, stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c, nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	tick := time.NewTicker(checkpointEvery)
	defer tick.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-tick.C:
		}
		// A failure (the file busy in another process's exclusive
		// checkpoint, say) is tried again at the next tick; meanwhile the
		// writer's own threshold bounds the WAL.
		_, _ = c.conn.Exec("PRAGMA wal_checkpoint(PASSIVE)")
	}
}

// close stops the background checkpoints and closes their connection; it
// may be called again.
func (c *checkpointer) close() error {
	c.stopOnce.Do(func() { close(c.stop) })
	<-c.done
	return c.conn.Close()
}
