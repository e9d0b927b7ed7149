package main

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/testcluster"
)

// serveFloor is the floor every API figure is compared with: a bare echo
// handler returning a fixed JSON body the size of a case, nothing else. It
// runs in its own process (this binary with -floor), as the server does; it
// answers /readyz too, for a balancer's checks.
func serveFloor(addr, bodyFile string) error {
	body, err := os.ReadFile(bodyFile)
	if err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.GET("/case", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, body) })
	e.GET("/readyz", func(c echo.Context) error { return c.NoContent(http.StatusOK) })
	return e.Start(addr)
}

// floorProcess is the running floor server.
type floorProcess struct {
	cmd  *exec.Cmd
	addr string // host:port
	url  string
}

func startFloor(bodyFile string) (*floorProcess, error) {
	addr, err := testcluster.FreeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "-floor", addr, "-floor-body", bodyFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start the floor server: %w", err)
	}
	f := &floorProcess{cmd: cmd, addr: addr, url: "http://" + addr + "/case"}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(f.url); err == nil {
			res.Body.Close()
			return f, nil
		}
	}
	f.stop()
	return nil, fmt.Errorf("the floor server did not start")
}

func (f *floorProcess) stop() {
	_ = f.cmd.Process.Kill() // fails only if it has already exited
	_ = f.cmd.Wait()         // killed: its exit status says nothing
}
