// Package testcluster runs the processes of a Caseward cluster on this
// machine, for the cluster test (cluster/) and the bench (bench/): `caseward
// serve` replicas, HAProxy in front of them and the S3-compatible test store.
package testcluster

import (
	"bufio"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

// Proc is a child process; what it writes is kept (the last 64 KiB) to show
// when it fails.
type Proc struct {
	name string
	cmd  *exec.Cmd
	out  *tail
	done chan struct{} // closed once the process has exited
}

// Start starts cmd and, when ready is not nil, waits up to wait for a line of
// its standard output that matches ready, returning the match's last group.
// The child is in a process group of its own (a Ctrl-C is the caller's to
// pass on) and is killed if the caller dies.
func Start(name string, cmd *exec.Cmd, ready *regexp.Regexp, wait time.Duration) (*Proc, string, error) {
	p := &Proc{name: name, cmd: cmd, out: &tail{}, done: make(chan struct{})}
	cmd.Stderr = p.out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		return nil, "", fmt.Errorf("start %s: %w", name, err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintln(p.out, line)
			if ready != nil {
				if m := ready.FindStringSubmatch(line); m != nil {
					found <- m[len(m)-1]
					ready = nil
				}
			}
		}
		_, _ = io.Copy(p.out, stdout)
	}()
	go func() {
		_ = cmd.Wait() // its status is read from cmd.ProcessState
		close(p.done)
	}()
	if ready == nil {
		return p, "", nil
	}
	select {
	case m := <-found:
		return p, m, nil
	case <-p.done:
		return nil, "", fmt.Errorf("%s exited at start: %s", name, p.out)
	case <-time.After(wait):
		p.Kill()
		return nil, "", fmt.Errorf("%s did not start within %s: %s", name, wait, p.out)
	}
}

// Pid is the process's id.
func (p *Proc) Pid() int { return p.cmd.Process.Pid }

// Output is the last 64 KiB the process wrote to its standard output and error.
func (p *Proc) Output() string { return p.out.String() }

// Kill sends SIGKILL and waits for the process to be gone.
func (p *Proc) Kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL) // gone already: nothing to do
	<-p.done
}

// Stop asks the process to end (SIGTERM), and kills it after wait.
func (p *Proc) Stop(wait time.Duration) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(wait):
		p.Kill()
	}
}

// tail keeps the last 64 KiB written to it.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, b...)
	if over := len(t.buf) - 64<<10; over > 0 {
		t.buf = append([]byte(nil), t.buf[over:]...)
	}
	return len(b), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.buf)
}
