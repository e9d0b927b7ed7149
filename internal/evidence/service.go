package evidence

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/blob"
	"github.com/caseward/caseward/internal/cases"
	"github.com/caseward/caseward/internal/clock"
	"github.com/caseward/caseward/internal/identity"
	"github.com/caseward/caseward/internal/text"
)

// Store is what evidence needs from the database. Items are visible through
// their case.
type Store interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
	Case(ctx context.Context, id uuid.UUID, scope cases.Scope, forUpdate bool) (cases.Case, error)
	CreateEvidence(ctx context.Context, it Item) error
	Evidence(ctx context.Context, id uuid.UUID, scope cases.Scope) (Item, error)
	CaseEvidence(ctx context.Context, v cases.Visible) ([]Item, error)
	CountCaseEvidence(ctx context.Context, v cases.Visible) (int, error)
	// UpdateEvidence stores the item's metadata if its version is still version.
	UpdateEvidence(ctx context.Context, it Item, version int64) (Item, error)
	SetVerified(ctx context.Context, id uuid.UUID, at time.Time, ok bool) error
	AddCustody(ctx context.Context, e CustodyEvent) error
	Custody(ctx context.Context, evidenceID uuid.UUID) ([]CustodyEvent, error)
	// AllCustody lists every custody event, for verify-all.
	AllCustody(ctx context.Context) ([]CustodyEvent, error)
	// AuditBatch and ListAudit read the trail that seals the custody events.
	audit.BatchReader
	ListAudit(ctx context.Context, f audit.Filter) ([]audit.Event, error)
	// AllFiles lists every item with a file, for verify-all.
	AllFiles(ctx context.Context) ([]Item, error)
	// The uploads' holds on their files (FileHold); see package store.
	HoldFile(ctx context.Context, h FileHold) error
	TouchFileHold(ctx context.Context, id uuid.UUID, at time.Time) error
	TakeFileHold(ctx context.Context, id uuid.UUID) (bool, error)
	EndFileHold(ctx context.Context, h FileHold, remove func(ctx context.Context) error) (removed bool, err error)
	FileHolds(ctx context.Context, seenBefore time.Time) ([]FileHold, error)
}

// Recorder appends to the audit trail.
type Recorder interface {
	Record(ctx context.Context, e audit.Entry) error
}

// Service holds the evidence use cases.
type Service struct {
	store   Store
	blobs   blob.Store
	audit   Recorder
	maxSize int64
	now     func(context.Context) time.Time
}

// NewService returns a Service keeping files in blobs, at most maxSize bytes each.
func NewService(store Store, blobs blob.Store, audit Recorder, maxSize int64) *Service {
	return &Service{store: store, blobs: blobs, audit: audit, maxSize: maxSize, now: clock.Now}
}

// ErrTooLarge is returned when a file exceeds the configured maximum.
var ErrTooLarge = apperr.New(apperr.TooLarge, "the file is larger than this server accepts")

// Received is a file streamed into a temporary blob, hashed, not yet in place.
// Whoever holds one must Add it or Discard it.
type Received struct {
	pending blob.Upload
	File    File
}

// Discard drops a received file that will not be added.
func (r *Received) Discard() {
	if r != nil {
		_ = r.pending.Abort()
	}
}

// CheckCase fails unless the caller may see the case and it has room for
// another item, so that nobody streams a file that cannot be kept.
func (s *Service) CheckCase(ctx context.Context, caseID uuid.UUID) error {
	v, err := cases.See(ctx, s.store, caseID, false)
	if err != nil {
		return err
	}
	return s.checkRoom(ctx, v)
}

func (s *Service) checkRoom(ctx context.Context, v cases.Visible) error {
	held, err := s.store.CountCaseEvidence(ctx, v)
	if err != nil {
		return fmt.Errorf("count the case's evidence: %w", err)
	}
	if held >= MaxItemsPerCase {
		return apperr.New(apperr.Conflict, fmt.Sprintf("the case already holds %d evidence items, the most one case may: record further items in a related case", held))
	}
	return nil
}

// Receive streams a file into a temporary blob, hashing it on the way and
// sniffing its content type; past the size limit it is a 413 and nothing is
// kept.
func (s *Service) Receive(ctx context.Context, name string, r io.Reader) (*Received, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 255 || strings.ContainsAny(name, "/\\") || !utf8.ValidString(name) || !text.OneLine(name) {
		return nil, apperr.Invalidf([]apperr.FieldError{{Field: "file", Message: "needs a plain file name: no folders, control characters or bidirectional overrides, at most 255 characters"}}, "bad file name")
	}
	pending, err := s.blobs.Create(ctx)
	if err != nil {
		return nil, err
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, errors.Join(fmt.Errorf("receive file: %w", err), pending.Abort())
	}
	head = head[:n]
	body := io.LimitReader(io.MultiReader(bytes.NewReader(head), r), s.maxSize+1)
	// Written in large chunks: each write is a system call and a hash update.
	w := bufio.NewWriterSize(pending, 1<<20)
	_, err = io.Copy(w, body)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		return nil, errors.Join(fmt.Errorf("receive file: %w", err), pending.Abort())
	}
	if pending.Size() > s.maxSize {
		return nil, errors.Join(ErrTooLarge, pending.Abort())
	}
	sum := pending.SHA256()
	return &Received{pending: pending, File: File{Name: name, Size: pending.Size(), SHA256: sum,
		ContentType: http.DetectContentType(head), StorageKey: sum}}, nil
}

// Add records a new item on a case, with the received file when there is one.
// A claimed hash (the client's own) that does not match, bad metadata or a
// failed insert leave neither a row nor a file. The upload first holds the
// file's place in the database (FileHold), then syncs and moves the file into
// place, then commits the item and ends the hold in one transaction; if that
// fails, the file is removed again unless an item names it or another upload
// holds it (files are content-addressed: the same bytes are one file). So a
// row never names a missing file, and a crash between placing and recording
// leaves a hold that stops being refreshed, whose file the leader removes
// (SweepDeadUploads). Moving the file (an fsync, or a server-side copy in S3)
// happens before the transaction so that the transaction, which holds the
// audit trail's lock, stays short and within the database timeout whatever the
// file's size.
func (s *Service) Add(ctx context.Context, it Item, file *Received, claimedSHA256 string) (Item, error) {
	defer file.Discard() // no-op once committed
	p := identity.From(ctx)
	it.ID = uuid.Must(uuid.NewV7())
	it.CollectedByID = p.UserID
	it.Title, it.Description, it.Source = strings.TrimSpace(it.Title), strings.TrimSpace(it.Description), strings.TrimSpace(it.Source)
	if it.CollectedAt.IsZero() {
		it.CollectedAt = s.now(ctx)
	}
	claimedSHA256 = strings.ToLower(strings.TrimSpace(claimedSHA256))
	var hashErr []apperr.FieldError
	switch {
	case file == nil && claimedSHA256 != "":
		hashErr = []apperr.FieldError{{Field: "sha256", Message: "was sent without a file"}}
	case file != nil && claimedSHA256 != "" && claimedSHA256 != file.File.SHA256:
		hashErr = []apperr.FieldError{{Field: "sha256", Message: "does not match the file received (" + file.File.SHA256 + "): nothing was kept"}}
	case file != nil:
		f := file.File
		it.File = &f
	}
	if err := validate(it, s.now(ctx), hashErr...); err != nil {
		return Item{}, err
	}
	var hold FileHold
	if file != nil {
		h, stopRefresh, err := s.hold(ctx, file.File.StorageKey)
		if err != nil {
			return Item{}, err
		}
		defer stopRefresh()
		hold = h
		if _, _, err := file.pending.Commit(ctx); err != nil {
			// The file may be in place all the same (moved, not known durable).
			s.letGo(ctx, hold)
			return Item{}, err
		}
	}
	err := s.store.InTx(ctx, func(ctx context.Context) error {
		v, err := cases.See(ctx, s.store, it.CaseID, true)
		if err != nil {
			return err
		}
		// Again under the case's lock: another upload may have filled it.
		if err := s.checkRoom(ctx, v); err != nil {
			return err
		}
		if file != nil {
			held, err := s.store.TakeFileHold(ctx, hold.ID)
			if err != nil {
				return err
			}
			if !held {
				return errHoldLost
			}
		}
		if err := s.store.CreateEvidence(ctx, it); err != nil {
			return fmt.Errorf("create evidence: %w", err)
		}
		collected := CustodyEvent{ID: uuid.Must(uuid.NewV7()), EvidenceID: it.ID, Action: Collected, ActorID: p.UserID,
			FromParty: it.Source, ToParty: p.Email, OccurredAt: it.CollectedAt, TimeZone: "UTC", Purpose: "collection"}
		return s.appendCustody(ctx, audit.Entry{Action: "evidence.create", EntityType: "evidence", EntityID: it.ID.String(),
			CaseID: it.CaseID.String(), Changes: itemChanges(Item{}, it)}, &collected)
	})
	if err != nil {
		if file != nil {
			s.letGo(ctx, hold)
		}
		return Item{}, err
	}
	return s.store.Evidence(ctx, it.ID, cases.Scope{All: true})
}

// errHoldLost is an upload that could not refresh its hold for holdStale (the
// database out of reach, say) and was taken for dead: its file may have been
// removed, so its item is not recorded.
var errHoldLost = apperr.New(apperr.Unavailable, "the upload waited too long between storing the file and recording it, and was given up: send the file again")

// validate names every field of it that breaks a rule, then those found
// already (more), in one 422.
func validate(it Item, now time.Time, more ...apperr.FieldError) error {
	var f []apperr.FieldError
	if it.Title == "" || utf8.RuneCountInString(it.Title) > 300 {
		f = append(f, apperr.FieldError{Field: "title", Message: "is required (at most 300 characters)"})
	}
	if !slices.Contains(Kinds, it.Kind) {
		f = append(f, apperr.FieldError{Field: "kind", Message: "must be one of log, disk_image, memory_dump, network_capture, email, screenshot, document, other"})
	}
	f = apperr.MaxLength(f, "description", it.Description, 20000)
	f = apperr.MaxLength(f, "source", it.Source, 1000)
	if it.CollectedAt.After(now.Add(cases.ClockSkew)) {
		f = append(f, apperr.FieldError{Field: "collected_at", Message: "is in the future"})
	}
	if f = append(f, more...); len(f) > 0 {
		return apperr.Invalidf(f, "the evidence is not valid")
	}
	return nil
}

func itemChanges(old, next Item) audit.Changes {
	fields := func(it Item) map[string]any {
		if it.ID == uuid.Nil {
			return map[string]any{}
		}
		m := map[string]any{"title": it.Title, "kind": string(it.Kind), "description": audit.TextValue(it.Description),
			"source": audit.TextValue(it.Source), "collected_at": audit.TimeValue(&it.CollectedAt)}
		if it.File != nil {
			m["file_name"], m["file_size"], m["sha256"], m["content_type"] = it.File.Name, it.File.Size, it.File.SHA256, it.File.ContentType
		}
		return m
	}
	return audit.Diff(fields(old), fields(next))
}
