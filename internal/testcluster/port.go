package testcluster

import (
	"net"
	"strconv"
)

// FreePorts finds n distinct loopback ports nobody listens on. It holds each
// one open until it has them all, so that none is handed out twice; a
// process may still take one before the caller binds it, which on a machine
// that starts few servers at once does not happen in practice. A replica
// keeps its port across restarts, so the balancer's configuration names it.
func FreePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer ln.Close()
		ports = append(ports, ln.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// FreePort is one free loopback port.
func FreePort() (int, error) {
	ports, err := FreePorts(1)
	if err != nil {
		return 0, err
	}
	return ports[0], nil
}

// FreeAddr is a free loopback address, host:port.
func FreeAddr() (string, error) {
	port, err := FreePort()
	return Loopback(port), err
}

// Loopback is the loopback address host:port of port.
func Loopback(port int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(port)) }
