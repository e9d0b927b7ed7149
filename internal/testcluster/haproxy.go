package testcluster

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
// haproxy.cfg has the same shape. Round robin, keep-alive on both sides (the
// client's connection and pooled connections to the replicas, reused between
// clients when safe: HAProxy's defaults, written out); a replica is taken
// out after two failed checks of /readyz half a second apart (so a killed
// one, or all of them while PostgreSQL is down) and put back after two good
// ones. A request whose connection to a replica failed was never sent, so it
// goes to another replica whatever its method; one sent and then unanswered
// (the replica died holding it) is sent again only when it is a GET or HEAD:
// a write may have been done, and doing it twice is the client's call, never
// the balancer's. The balancer is the edge: it drops the client's own
// X-Forwarded-For and sends the address it saw, which the replicas trust
// from it alone (CASEWARD_TRUSTED_PROXIES).
var haproxyConfig = template.Must(template.New("haproxy.cfg").Parse(`global
    maxconn 4096
    stats socket {{.Socket}} mode 600 level admin

defaults
    mode http
    option http-keep-alive
    http-reuse safe
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
    bind {{.Addr}}
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

// Server is one backend of the balancer: a name and its host:port.
type Server struct{ Name, Addr string }

// Servers are the replicas as the balancer's backends.
func Servers(replicas []*Replica) []Server {
	var out []Server
	for _, r := range replicas {
		out = append(out, Server{r.Name, r.Addr})
	}
	return out
}

// HAProxyConfig is the configuration of a balancer listening on addr
// (host:port) in front of servers, with its runtime API on the unix socket.
// Names must be unique words: HAProxy refuses a configuration otherwise, and
// so does this.
func HAProxyConfig(addr, socket string, servers []Server) (string, error) {
	if len(servers) == 0 {
		return "", fmt.Errorf("haproxy: no servers")
	}
	seen := map[string]bool{}
	for _, s := range servers {
		if s.Name == "" || strings.ContainsAny(s.Name, " \t\n#") || seen[s.Name] {
			return "", fmt.Errorf("haproxy: server name %q is empty, not one word, or taken", s.Name)
		}
		if _, _, err := net.SplitHostPort(s.Addr); err != nil {
			return "", fmt.Errorf("haproxy: server %s: %w", s.Name, err)
		}
		seen[s.Name] = true
	}
	var cfg strings.Builder
	err := haproxyConfig.Execute(&cfg, map[string]any{"Socket": socket, "Addr": addr, "Servers": servers})
	return cfg.String(), err
}

// HAProxy is a running balancer.
type HAProxy struct {
	Proc    *Proc
	addr    string
	socket  string
	servers int
}

// StartHAProxy writes the configuration for servers into dir (haproxy.cfg;
// one balancer per folder), has bin check it, starts the balancer on a free
// loopback port and waits up to 10 s until its checks see every server up.
func StartHAProxy(bin, dir string, servers []Server) (*HAProxy, error) {
	addr, err := FreeAddr()
	if err != nil {
		return nil, err
	}
	h := &HAProxy{addr: addr, socket: filepath.Join(dir, "haproxy.sock"), servers: len(servers)}
	cfg, err := HAProxyConfig(addr, h.socket, servers)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "haproxy.cfg")
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		return nil, err
	}
	if out, err := exec.Command(bin, "-c", "-f", path).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("haproxy refuses its configuration: %w: %s", err, out)
	}
	p, _, err := Start("haproxy", exec.Command(bin, "-db", "-f", path), nil, 0)
	if err != nil {
		return nil, err
	}
	h.Proc = p
	if err := h.WaitUp(10 * time.Second); err != nil {
		p.Kill()
		return nil, fmt.Errorf("%w: %s", err, p.Output())
	}
	return h, nil
}

// URL is where clients send their requests.
func (h *HAProxy) URL() string { return "http://" + h.addr }

// WaitUp waits up to wait until the balancer sends requests to every server.
func (h *HAProxy) WaitUp(wait time.Duration) error {
	var up int
	var err error
	for deadline := time.Now().Add(wait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if up, err = h.ServersUp(); err == nil && up == h.servers {
			return nil
		}
	}
	if err != nil {
		return fmt.Errorf("ask the balancer: %w", err)
	}
	return fmt.Errorf("the balancer sees %d of %d servers up after %s", up, h.servers, wait)
}

// Command sends one command to the runtime API and returns its answer.
func (h *HAProxy) Command(cmd string) ([]string, error) {
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

// ServersUp counts the servers the balancer sends requests to.
func (h *HAProxy) ServersUp() (int, error) {
	lines, err := h.Command("show stat")
	if err != nil {
		return 0, err
	}
	return serversUp(lines), nil
}

// serversUp counts the servers of the backend that `show stat` (CSV) says
// are up and have passed a check: HAProxy starts every server as up before
// checking it ("UP 1/2"), and one failing its checks is "UP 1/2" too until
// it is taken out.
func serversUp(stat []string) int {
	up := 0
	for _, l := range stat {
		f := strings.Split(l, ",")
		if len(f) > 17 && f[0] == "replicas" && f[1] != "BACKEND" && f[1] != "FRONTEND" && f[17] == "UP" {
			up++
		}
	}
	return up
}

// ServerOf names the server a client connection (its local address, as the
// balancer sees it: src=) is being served by, or "" when none is.
func (h *HAProxy) ServerOf(src string) string {
	lines, err := h.Command("show sess")
	if err != nil {
		return ""
	}
	return serverOf(lines, src)
}

// serverOf reads `show sess` for the server the session from src is on.
func serverOf(sessions []string, src string) string {
	for _, l := range sessions {
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
