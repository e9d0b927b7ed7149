package main

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/template"
	"time"
)

// haproxyConfig is the balancer in front of the replicas; docker-compose.yml's
// haproxy.cfg has the same shape. Round robin; a replica is taken out after
// two failed checks of /readyz half a second apart (so a killed one, or all
// of them while PostgreSQL is down) and put back after two good ones. A
// request whose connection to a replica failed was never sent, so it goes to
// another replica whatever its method; one sent and then unanswered (the
// replica died holding it) is sent again only when it is a GET or HEAD: a
// write may have been done, and doing it twice is the client's call, never
// the balancer's. The balancer is the edge: it drops the client's own
// X-Forwarded-For and sends the address it saw, which the replicas trust
// from it alone (CASEWARD_TRUSTED_PROXIES).
var haproxyConfig = template.Must(template.New("haproxy.cfg").Parse(`global
    maxconn 4096
    stats socket {{.Socket}} mode 600 level admin

defaults
    mode http
    timeout connect 2s
    timeout client 5m
    timeout server 5m
    timeout http-request 30s
    timeout queue 10s
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response response-timeout
    option forwardfor

frontend caseward
    bind 127.0.0.1:{{.Port}}
    http-request del-header X-Forwarded-For
    default_backend replicas

backend replicas
    balance roundrobin
    http-request disable-l7-retry unless METH_GET || METH_HEAD
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
{{range .Servers}}    server {{.Name}} {{.Addr}} check
{{end}}`))

type haproxy struct {
	proc   *proc
	port   int
	socket string
}

// startHAProxy writes the configuration for replicas and starts the balancer.
func startHAProxy(bin, dir string, replicas []*replica) (*haproxy, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	h := &haproxy{port: port, socket: filepath.Join(dir, "haproxy.sock")}
	type server struct{ Name, Addr string }
	var servers []server
	for _, r := range replicas {
		servers = append(servers, server{r.name, r.addr})
	}
	var cfg strings.Builder
	if err := haproxyConfig.Execute(&cfg, map[string]any{"Socket": h.socket, "Port": port, "Servers": servers}); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg.String()), 0o600); err != nil {
		return nil, err
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("haproxy refuses its configuration: %w: %s", err, out)
	}
	p, _, err := startProc("haproxy", exec.Command(bin, "-db", "-f", path), nil, 0)
	if err != nil {
		return nil, err
	}
	h.proc = p
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if up, err := h.serversUp(); err == nil && up == len(replicas) {
			return h, nil
		}
		if time.Now().After(deadline) {
			h.proc.kill()
			return nil, fmt.Errorf("haproxy did not see every replica up within 10 s: %s", p.out)
		}
	}
}

// URL is where clients send their requests.
func (h *haproxy) URL() string { return fmt.Sprintf("http://127.0.0.1:%d", h.port) }

// command sends one command to the runtime API and returns its answer.
func (h *haproxy) command(cmd string) ([]string, error) {
	c, err := net.DialTimeout("unix", h.socket, time.Second)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := fmt.Fprintln(c, cmd); err != nil {
		return nil, err
	}
	var lines []string
	sc := bufio.NewScanner(c)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	return lines, sc.Err()
}

// serversUp counts the replicas the balancer sends requests to.
func (h *haproxy) serversUp() (int, error) {
	lines, err := h.command("show stat")
	if err != nil {
		return 0, err
	}
	up := 0
	for _, l := range lines {
		f := strings.Split(l, ",")
		if len(f) > 17 && f[0] == "replicas" && f[1] != "BACKEND" && strings.HasPrefix(f[17], "UP") {
			up++
		}
	}
	return up, nil
}

// serverOf names the replica a client connection (its local address, as the
// balancer sees it: src=) is being served by, or "" when none is.
func (h *haproxy) serverOf(src string) string {
	lines, err := h.command("show sess")
	if err != nil {
		return ""
	}
	for _, l := range lines {
		if !strings.Contains(l, " src="+src+" ") {
			continue
		}
		for _, f := range strings.Fields(l) {
			if name, ok := strings.CutPrefix(f, "srv="); ok && name != "<none>" {
				return name
			}
		}
	}
	return ""
}
