package api

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/status"
)

// FeedPath is where the Atom feed of public updates is served, beside the
// SPA's /status page.
const FeedPath = "/status.atom"

// feedID is the feed's own permanent id (RFC 4287 §4.2.6).
var feedID = "urn:uuid:" + uuid.NewSHA1(uuid.NameSpaceURL, []byte("caseward:status.atom")).String()

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomAuthor  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     atomText `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Content   atomText `xml:"content"`
}

// renderStatusFeed reads the newest public updates once and renders them as
// an Atom 1.0 feed, newest first. The links are relative to the feed's own
// address: a host taken from the request would end up in the shared cache.
func renderStatusFeed(ctx context.Context, svc *status.Service) (status.Rendered, error) {
	entries, err := svc.Feed(ctx)
	if err != nil {
		return status.Rendered{}, err
	}
	feed := atomFeed{ID: feedID, Title: "Service status", Author: atomAuthor{Name: "Service status"},
		Links:   []atomLink{{Rel: "self", Type: "application/atom+xml", Href: FeedPath}, {Rel: "alternate", Type: "text/html", Href: "/status"}},
		Entries: make([]atomEntry, len(entries))}
	updated := svc.Now()
	if len(entries) > 0 {
		updated = entries[0].At
	}
	feed.Updated = atomTime(updated)
	for i, e := range entries {
		title, body := e.PublicName+": "+string(e.State), e.Body
		if e.CorrectsAt != nil {
			title += " (correction)"
			body = "Correction to the update of " + e.CorrectsAt.UTC().Format("2 Jan 2006 15:04 MST") + ": " + body
		}
		feed.Entries[i] = atomEntry{ID: "urn:uuid:" + e.ID.String(), Title: atomText{Type: "text", Text: title},
			Updated: atomTime(e.At), Published: atomTime(e.At),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: "/status"},
			Content: atomText{Type: "text", Text: body}}
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(feed); err != nil {
		return status.Rendered{}, fmt.Errorf("render status feed: %w", err)
	}
	buf.WriteByte('\n')
	return compressed(buf.Bytes(), buf.Bytes())
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }
