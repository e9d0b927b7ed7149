package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"html/template"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/caseward/caseward/internal/events"
)

// Item is one event told in a mail.
type Item struct {
	Kind      string
	Label     string // the kind in plain words
	Reference string // the case's, or empty
	CaseTitle string
	Sentence  string // who did what, or the kind in words
	When      string // in the recipient's time zone
	Link      string // to the case, or empty
	Unsub     string // the unsubscribe page for this kind (the SPA's /unsubscribe)
	OneClick  string // the same token's RFC 8058 one-click address (the API)
}

// Letter is one mail ready to be written out.
type Letter struct {
	From, FromName string
	To, ToName     string
	Subject        string
	MessageID      string
	Date           time.Time
	Intro          string
	Items          []Item
	// Unsubscribe is the one-click link of the List-Unsubscribe header:
	// set when every item is of one kind.
	Unsubscribe string
}

var htmlBody = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="font-family: sans-serif; line-height: 1.5">
<p>{{.Intro}}</p>
{{range .Items}}<div style="margin: 1em 0; padding: 0.5em 1em; border-left: 3px solid #1c7ed6">
<p><strong>{{.Label}}</strong>{{if .Reference}} · <span dir="auto">{{.Reference}}</span>{{end}}</p>
{{if .CaseTitle}}<p dir="auto">{{.CaseTitle}}</p>{{end}}
<p dir="auto">{{.Sentence}}</p>
<p style="color: #555">{{.When}}</p>
{{if .Link}}<p><a href="{{.Link}}">Open the case in Caseward</a></p>{{end}}
<p style="font-size: small"><a href="{{.Unsub}}">Stop emails about “{{.Label}}”</a></p>
</div>{{end}}
<p style="font-size: small; color: #555">You receive this because of your notification settings in Caseward.</p>
</body></html>
`))

// plain writes the text part.
func (l Letter) plain() string {
	var b strings.Builder
	b.WriteString(l.Intro + "\n\n")
	for _, it := range l.Items {
		b.WriteString("* " + it.Label)
		if it.Reference != "" {
			b.WriteString(" · " + it.Reference)
		}
		b.WriteString("\n")
		if it.CaseTitle != "" {
			b.WriteString("  " + it.CaseTitle + "\n")
		}
		b.WriteString("  " + it.Sentence + "\n  " + it.When + "\n")
		if it.Link != "" {
			b.WriteString("  Open the case: " + it.Link + "\n")
		}
		b.WriteString("  Stop emails about this: " + it.Unsub + "\n\n")
	}
	b.WriteString("You receive this because of your notification settings in Caseward.\n")
	return b.String()
}

// header encodes a header value as RFC 2047 words when it is not plain ASCII.
func header(v string) string { return mime.QEncoding.Encode("utf-8", oneLine(v)) }

// address writes "Name <addr>", the name quoted or RFC 2047 encoded as it needs.
func address(name, addr string) string {
	return (&netmail.Address{Name: oneLine(name), Address: oneLine(addr)}).String()
}

// oneLine keeps a header on one line: line breaks would start new headers.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}

// Bytes writes the letter as a MIME message: multipart/alternative with a
// plain-text and an HTML part, both UTF-8.
func (l Letter) Bytes() ([]byte, error) {
	var html bytes.Buffer
	if err := htmlBody.Execute(&html, l); err != nil {
		return nil, fmt.Errorf("write the HTML part: %w", err)
	}
	bnd := make([]byte, 12)
	_, _ = rand.Read(bnd)
	boundary := "caseward-" + hex.EncodeToString(bnd)
	var b bytes.Buffer
	h := textproto.MIMEHeader{}
	put := func(k, v string) { b.WriteString(k + ": " + v + "\r\n"); h.Set(k, v) }
	put("From", address(l.FromName, l.From))
	put("To", address(l.ToName, l.To))
	put("Subject", header(l.Subject))
	put("Date", l.Date.Format(time.RFC1123Z))
	put("Message-ID", "<"+l.MessageID+">")
	put("MIME-Version", "1.0")
	put("Auto-Submitted", "auto-generated")
	if l.Unsubscribe != "" {
		put("List-Unsubscribe", "<"+l.Unsubscribe+">")
		put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	put("Content-Type", `multipart/alternative; boundary="`+boundary+`"`)
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{{"text/plain", l.plain()}, {"text/html", html.String()}} {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + part.ctype + "; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
		w := quotedprintable.NewWriter(&b)
		if _, err := w.Write([]byte(strings.ReplaceAll(part.body, "\n", "\r\n"))); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

// subject says what a mail is about: the case reference, the kind in words
// and the case's title for one event; how many for a digest.
func subject(items []Item) string {
	if len(items) == 1 {
		it := items[0]
		s := it.Label
		if it.Reference != "" {
			s = "[" + it.Reference + "] " + s
		}
		if it.CaseTitle != "" {
			s += ": " + it.CaseTitle
		}
		return clip(s, 200)
	}
	return fmt.Sprintf("Caseward digest: %d events", len(items))
}

// clip shortens s to n characters.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

// formatWhen says t in the recipient's zone, with the zone named.
func formatWhen(t time.Time, tz string) string {
	loc := location(tz)
	return t.In(loc).Format("Mon 2 Jan 2006 15:04") + " (" + loc.String() + ")"
}

// label says kind in words, the kind itself for one Caseward does not know.
func label(kind string) string {
	if l := events.Label(kind); l != "" {
		return l
	}
	return kind
}
