package mail

import (
	"bytes"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"
)

// A name or title with line breaks cannot add headers (a Bcc, say): every
// header stays on one line and decodes back to the words without the breaks.
func TestHeadersCannotBeInjected(t *testing.T) {
	l := Letter{From: "caseward@example.org", To: "eve@example.org", ToName: "Eve\r\nBcc: victim@example.org",
		Subject: "Wyciek\r\nBcc: victim@example.org", MessageID: "x@example.org", Date: time.Now(),
		Items: []Item{{Label: "A case is opened", Sentence: "x", When: "now", Unsub: "https://x/unsubscribe?token=a.b"}}}
	b, err := l.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	m, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get("Bcc") != "" {
		t.Fatalf("a Bcc header was injected: %q", m.Header.Get("Bcc"))
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil || subject != "Wyciek Bcc: victim@example.org" {
		t.Fatalf("subject %q (%v)", subject, err)
	}
	to, err := mail.ParseAddress(m.Header.Get("To"))
	if err != nil || to.Address != "eve@example.org" || strings.ContainsAny(to.Name, "\r\n") {
		t.Fatalf("To %q (%v)", m.Header.Get("To"), err)
	}
}
