package testcluster

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"time"
)

// Replica is one `caseward serve`; it keeps its address across restarts.
type Replica struct {
	Name, Addr, DataDir string
	Proc                *Proc // nil until started
	bin                 string
	env                 []string
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)`)

// NewReplicas prepares n replicas of bin, named r1, r2…, each on a port and
// in a data folder under dir of its own, all started with env (ReplicaEnv
// and the caller's own settings).
func NewReplicas(bin, dir string, n int, env []string) ([]*Replica, error) {
	ports, err := FreePorts(n)
	if err != nil {
		return nil, err
	}
	var out []*Replica
	for i, port := range ports {
		r := &Replica{Name: "r" + strconv.Itoa(i+1), Addr: Loopback(port), bin: bin, env: env}
		r.DataDir = filepath.Join(dir, r.Name)
		if err := os.MkdirAll(r.DataDir, 0o750); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// Start runs the replica and waits until it serves (migrating first, when
// the database needs it).
func (r *Replica) Start() error {
	cmd := exec.Command(r.bin, "serve")
	cmd.Env = append(os.Environ(), r.env...)
	cmd.Env = append(cmd.Env, "CASEWARD_ADDR="+r.Addr, "CASEWARD_DATA_DIR="+r.DataDir)
	p, _, err := Start(r.Name, cmd, servingLine, 2*time.Minute)
	if err != nil {
		return err
	}
	r.Proc = p
	return nil
}

// StartAll starts the replicas at the same moment (their migrations race)
// and waits for each; the errors are the replicas', in order.
func StartAll(replicas []*Replica) []error {
	errs := make([]error, len(replicas))
	var wg sync.WaitGroup
	for i, r := range replicas {
		wg.Go(func() { errs[i] = r.Start() })
	}
	wg.Wait()
	return errs
}

// Stop stops every replica that was started, waiting up to wait for each.
func Stop(replicas []*Replica, wait time.Duration) {
	for _, r := range replicas {
		if r.Proc != nil {
			r.Proc.Stop(wait)
		}
	}
}

// URL is the replica's own address, past any balancer.
func (r *Replica) URL() string { return "http://" + r.Addr }

func (r *Replica) String() string { return fmt.Sprintf("%s (%s)", r.Name, r.Addr) }

// ReplicaEnv is what every replica of a cluster on this machine is started
// with: one database, one evidence store, and the balancer on loopback as
// the one proxy whose X-Forwarded-For is trusted (clients come from other
// loopback addresses).
func ReplicaEnv(databaseURL, blobURL string) []string {
	return []string{
		"DATABASE_URL=" + databaseURL,
		"CASEWARD_BLOB_URL=" + blobURL,
		"CASEWARD_TRUSTED_PROXIES=127.0.0.1/32",
		"CASEWARD_LOG_LEVEL=warn",
		"CASEWARD_SHUTDOWN_TIMEOUT=5s",
	}
}

// StartS3 starts the S3-compatible test store (cmd/caseward-test-s3, in
// memory) on a free port and returns it with its CASEWARD_BLOB_URL.
func StartS3(bin string) (*Proc, string, error) {
	return Start("caseward-test-s3", exec.Command(bin, "-addr", "127.0.0.1:0"), regexp.MustCompile(`serving on (s3://\S+)`), 30*time.Second)
}
