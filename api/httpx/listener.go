package httpx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/caseward/caseward/api/gen"
)

// ProblemListener wraps l so that the few errors net/http answers on its own,
// before any handler sees the request, leave as application/problem+json like
// every other error: a header value holding a control character (If-Match:
// \x01), a malformed request line or header, headers over the size limit, an
// unsupported transfer encoding or HTTP version. net/http has no hook for
// them: it writes a fixed text/plain answer straight to the connection, in a
// single Write, which this wrapper recognises and rewrites.
func ProblemListener(l net.Listener) net.Listener { return problemListener{l} }

type problemListener struct{ net.Listener }

func (l problemListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &problemConn{Conn: c}, nil
}

type problemConn struct{ net.Conn }

// plainError is net/http's own error answer (its "errorHeaders"). Handler
// responses never take this form: they carry a Date header, and ours never a
// text/plain body with Connection: close right after the status line.
var plainError = regexp.MustCompile(`^HTTP/1\.1 ([45][0-9]{2}) [^\r\n]*\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n([^\r\n]*)$`)

var plainPrefix = [][]byte{[]byte("HTTP/1.1 4"), []byte("HTTP/1.1 5")}

func (c *problemConn) Write(p []byte) (int, error) {
	if !bytes.HasPrefix(p, plainPrefix[0]) && !bytes.HasPrefix(p, plainPrefix[1]) {
		return c.Conn.Write(p)
	}
	m := plainError.FindSubmatch(p)
	if m == nil {
		return c.Conn.Write(p)
	}
	code, err := strconv.ParseInt(string(m[1]), 10, 32) // three digits, by the pattern
	if err != nil {
		return c.Conn.Write(p)
	}
	status := int(code)
	detail := plainErrorDetail(status, string(m[2]))
	body, err := json.Marshal(gen.Problem{Type: "urn:caseward:problem:" + strconv.Itoa(status), Title: http.StatusText(status), Status: int32(code), Detail: &detail})
	if err != nil {
		return c.Conn.Write(p)
	}
	answer := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: application/problem+json\r\nContent-Length: %d\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n%s",
		status, http.StatusText(status), len(body), body)
	if _, err := io.WriteString(c.Conn, answer); err != nil {
		return 0, err
	}
	return len(p), nil
}

// plainErrorDetail words net/http's reason (the body it would have sent, such
// as "400 Bad Request: invalid header value").
func plainErrorDetail(status int, text string) string {
	switch {
	case status == http.StatusRequestHeaderFieldsTooLarge:
		return "the request's headers are larger than this server accepts (64 KiB)"
	case strings.Contains(text, "invalid header value"):
		return "a header value holds a character HTTP does not allow (a control character such as \\x01); send header values as printable text"
	case strings.Contains(text, "invalid header name"):
		return "a header name is not valid HTTP"
	case strings.Contains(text, "Host"):
		return "the request's Host header is missing or not valid"
	case status == http.StatusNotImplemented:
		return "the request uses a transfer encoding this server does not support"
	case status == http.StatusHTTPVersionNotSupported:
		return "the request uses an HTTP version this server does not support"
	default:
		return "the request is not valid HTTP: its request line or a header is malformed (header values may not hold control characters such as \\x01)"
	}
}

// CloseWrite and ReadFrom pass through, so that net/http still half-closes a
// connection before closing it (the client then reads the answer rather than
// a reset) and still sends files with sendfile.
func (c *problemConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

func (c *problemConn) ReadFrom(r io.Reader) (int64, error) { return io.Copy(c.Conn, r) }
