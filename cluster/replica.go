package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"time"
)

// adminPassword is the first admin's, given to every replica.
const adminPassword = "cluster test admin password"

// replica is one `caseward serve`; it keeps its address across restarts.
type replica struct {
	name, addr, dataDir string
	env                 []string
	bin                 string
	proc                *proc
}

var servingLine = regexp.MustCompile(`serving on (http://\S+)`)

func newReplica(bin, dir string, i int, env []string) (*replica, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	r := &replica{name: "r" + strconv.Itoa(i+1), addr: "127.0.0.1:" + strconv.Itoa(port), bin: bin, env: env}
	r.dataDir = filepath.Join(dir, r.name)
	return r, os.MkdirAll(r.dataDir, 0o750)
}

// start runs the replica and waits until it serves (migrating first, when the
// database needs it).
func (r *replica) start() error {
	cmd := exec.Command(r.bin, "serve")
	cmd.Env = append(os.Environ(), r.env...)
	cmd.Env = append(cmd.Env, "CASEWARD_ADDR="+r.addr, "CASEWARD_DATA_DIR="+r.dataDir)
	p, _, err := startProc(r.name, cmd, servingLine, 2*time.Minute)
	if err != nil {
		return err
	}
	r.proc = p
	return nil
}

func (r *replica) URL() string { return "http://" + r.addr }

// replicaEnv is what every replica is started with.
func replicaEnv(databaseURL, blobURL string) []string {
	return []string{
		"DATABASE_URL=" + databaseURL,
		"CASEWARD_BLOB_URL=" + blobURL,
		"CASEWARD_ADMIN_PASSWORD=" + adminPassword,
		"CASEWARD_TRUSTED_PROXIES=127.0.0.1/32", // the balancer; clients come from other loopback addresses
		"CASEWARD_LOG_LEVEL=warn",
		"CASEWARD_SHUTDOWN_TIMEOUT=5s",
	}
}

func (r *replica) String() string { return fmt.Sprintf("%s (%s)", r.name, r.addr) }
