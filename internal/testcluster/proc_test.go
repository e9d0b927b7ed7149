package testcluster

import (
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestStartWaitsForTheReadyLineAndGivesItsGroup(t *testing.T) {
	p, url, err := Start("sh", exec.Command("sh", "-c", "echo starting; echo serving on http://127.0.0.1:1234 now; exec sleep 60"),
		servingLine, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	p.Stop(5 * time.Second)
	if url != "http://127.0.0.1:1234" {
		t.Errorf("ready line's group: %q", url)
	}
	if out := p.Output(); !strings.Contains(out, "starting\n") {
		t.Errorf("output kept: %q", out)
	}
}

func TestStartReportsAProcessThatExitsOrNeverGetsReady(t *testing.T) {
	ready := regexp.MustCompile(`ready`)
	if _, _, err := Start("sh", exec.Command("sh", "-c", "echo no database >&2; exit 3"), ready, 10*time.Second); err == nil ||
		!strings.Contains(err.Error(), "exited at start: no database") {
		t.Errorf("exited: %v", err)
	}
	start := time.Now()
	if _, _, err := Start("sh", exec.Command("sh", "-c", "exec sleep 60"), ready, 200*time.Millisecond); err == nil ||
		!strings.Contains(err.Error(), "did not start within 200ms") {
		t.Errorf("never ready: %v", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("gave up after %s", took)
	}
}

func TestTailKeepsTheLast64KiB(t *testing.T) {
	var tl tail
	_, _ = tl.Write([]byte(strings.Repeat("a", 60<<10)))
	_, _ = tl.Write([]byte(strings.Repeat("b", 10<<10)))
	s := tl.String()
	if len(s) != 64<<10 || !strings.HasSuffix(s, strings.Repeat("b", 10<<10)) || s[0] != 'a' {
		t.Errorf("kept %d bytes", len(s))
	}
}
