package testcluster

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const haproxyBin = "/usr/sbin/haproxy"

func TestHAProxyConfigNamesEveryServerWithItsCheck(t *testing.T) {
	cfg, err := HAProxyConfig("127.0.0.1:8080", "/tmp/x.sock", []Server{{"r1", "127.0.0.1:9001"}, {"r2", "127.0.0.1:9002"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"bind 127.0.0.1:8080\n",
		"stats socket /tmp/x.sock mode 600 level admin\n",
		"    server r1 127.0.0.1:9001 check\n    server r2 127.0.0.1:9002 check\n",
		"option httpchk GET /readyz\n",
		"option http-keep-alive\n",
		"http-request disable-l7-retry unless METH_GET || METH_HEAD\n",
	} {
		if !strings.Contains(cfg, want) {
			t.Errorf("the configuration lacks %q:\n%s", want, cfg)
		}
	}
}

func TestHAProxyConfigRefusesServersItCannotName(t *testing.T) {
	for name, servers := range map[string][]Server{
		"none":       nil,
		"empty name": {{"", "127.0.0.1:1"}},
		"two words":  {{"r 1", "127.0.0.1:1"}},
		"taken":      {{"r1", "127.0.0.1:1"}, {"r1", "127.0.0.1:2"}},
		"no port":    {{"r1", "127.0.0.1"}},
	} {
		if _, err := HAProxyConfig("127.0.0.1:8080", "/tmp/x.sock", servers); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// The balancer started on a free port in front of a server answering
// /readyz sees it up, passes requests to it with the client's address in
// X-Forwarded-For, and its runtime API's answers are read as such.
func TestHAProxyBalancesToAServerItChecks(t *testing.T) {
	if _, err := os.Stat(haproxyBin); err != nil {
		t.Skip("no HAProxy (apt-get install -y haproxy)")
	}
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.URL.Path+" for "+r.Header.Get("X-Forwarded-For"))
	}))
	defer backend.Close()
	h, err := StartHAProxy(haproxyBin, t.TempDir(), []Server{{"only", strings.TrimPrefix(backend.URL, "http://")}})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Proc.Stop(5e9)
	if up, err := h.ServersUp(); err != nil || up != 1 {
		t.Fatalf("servers up: %d, %v", up, err)
	}
	res, err := http.Get(h.URL() + "/case")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if string(body) != "/case for 127.0.0.1" {
		t.Errorf("through the balancer: %q", body)
	}
	if out, err := exec.Command(haproxyBin, "-v").Output(); err == nil {
		t.Logf("%s", strings.SplitN(string(out), "\n", 2)[0])
	}
}
