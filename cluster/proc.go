package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"
)

// proc is a child process the run started; what it writes is kept (the last
// 64 KiB) to show when it fails.
type proc struct {
	name string
	cmd  *exec.Cmd
	out  *tail
	done chan struct{} // closed once the process has exited
}

// startProc starts cmd and, when ready is not nil, waits up to wait for a
// line of its standard output that matches ready, returning the match's
// first group.
func startProc(name string, cmd *exec.Cmd, ready *regexp.Regexp, wait time.Duration) (*proc, string, error) {
	p := &proc{name: name, cmd: cmd, out: &tail{}, done: make(chan struct{})}
	cmd.Stderr = p.out
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	// A Ctrl-C to the run is the run's to pass on; a run that dies takes its
	// children with it.
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
		p.kill()
		return nil, "", fmt.Errorf("%s did not start within %s: %s", name, wait, p.out)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL) // gone already: nothing to do
	<-p.done
}

// stop asks the process to end (SIGTERM), and kills it after wait.
func (p *proc) stop(wait time.Duration) {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(wait):
		p.kill()
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

// freePort finds a loopback port nobody listens on (a replica keeps its port
// across restarts, so the balancer's configuration names it).
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
