package api_test

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/store"
	"github.com/caseward/caseward/internal/store/dbtest"
)

// proxy forwards TCP connections to target until it is cut; then it refuses
// and drops every connection, like a database host that went away. Stalled,
// it accepts connections and holds every byte, like a network that drops
// packets: only the client's own deadlines end its waits.
type proxy struct {
	target string
	ln     net.Listener
	mu     sync.Mutex
	conns  []net.Conn
	down   bool
	stall  chan struct{} // non-nil while stalled; closed when the stall ends
}

// proxiedPostgres is a fresh test database reached through a proxy the test
// can stall or cut: its direct URL and the one through the proxy.
func proxiedPostgres(t *testing.T) (p *proxy, direct, proxied string) {
	direct = dbtest.PostgresURL(t)
	u, err := url.Parse(direct)
	if err != nil {
		t.Fatal(err)
	}
	p = newProxy(t, u.Host)
	u.Host = p.ln.Addr().String()
	return p, direct, u.String()
}

func newProxy(t *testing.T, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{target: target, ln: ln}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.down {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c)
		p.mu.Unlock()
		go p.forward(c)
	}
}

// forward connects c to the target once no stall holds it.
func (p *proxy) forward(c net.Conn) {
	p.waitWhileStalled()
	upstream, err := net.Dial("tcp", p.target)
	p.mu.Lock()
	if err != nil || p.down {
		p.mu.Unlock()
		c.Close()
		if upstream != nil {
			upstream.Close()
		}
		return
	}
	p.conns = append(p.conns, upstream)
	p.mu.Unlock()
	go p.pump(upstream, c)
	go p.pump(c, upstream)
}

// pump copies src to dst, holding what it read while the proxy is stalled.
func (p *proxy) pump(dst, src net.Conn) {
	defer dst.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.waitWhileStalled()
			if _, err := dst.Write(buf[:n]); err != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (p *proxy) waitWhileStalled() {
	p.mu.Lock()
	ch := p.stall
	p.mu.Unlock()
	if ch != nil {
		<-ch
	}
}

// stalled holds every connection, old and new, until restore or cut.
func (p *proxy) stalled() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.stall == nil {
		p.stall = make(chan struct{})
	}
}

func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = true
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
	p.endStall()
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = false
	p.endStall()
}

func (p *proxy) endStall() {
	if p.stall != nil {
		close(p.stall)
		p.stall = nil
	}
}

func TestReadyzFollowsTheDatabaseWithoutRestart(t *testing.T) {
	t.Parallel()
	p, _, dbURL := proxiedPostgres(t)
	db, err := store.Open(context.Background(), dbURL+"&connect_timeout=2", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s := newServer(t, db)

	ready := func() int { return s.do(http.MethodGet, "/readyz", nil).StatusCode }
	if got := ready(); got != http.StatusOK {
		t.Fatalf("readyz with the database up = %d", got)
	}
	p.cut()
	s.do(http.MethodGet, "/readyz", nil).problem(t, http.StatusServiceUnavailable)
	if got := s.do(http.MethodGet, "/healthz", nil).StatusCode; got != http.StatusOK {
		t.Fatalf("healthz while the database is down = %d; the process itself is fine", got)
	}
	p.restore()
	deadline := time.Now().Add(10 * time.Second)
	for ready() != http.StatusOK {
		if time.Now().After(deadline) {
			t.Fatal("readyz did not recover after the database came back")
		}
		time.Sleep(100 * time.Millisecond)
	}
	s.signIn() // and the API works again
}

func TestReadyzOnSQLite(t *testing.T) {
	t.Parallel()
	s := newServer(t, dbtest.Open(t, store.SQLite))
	if got := s.do(http.MethodGet, "/readyz", nil).StatusCode; got != http.StatusOK {
		t.Fatalf("readyz = %d", got)
	}
}
