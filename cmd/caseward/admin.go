package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/audit"
	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/config"
	"github.com/caseward/caseward/internal/evidence"
	"github.com/caseward/caseward/internal/users"
)

// migrate applies migrations (up) or lists them (status).
func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	action := "up"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		action, args = args[0], args[1:]
	}
	cfg, err := config.Load(flagSet("migrate", stderr), args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(cfg, stderr)
	switch action {
	case "up":
		db, err := openStore(ctx, cfg, log)
		if err != nil {
			return err
		}
		defer db.Close()
		fmt.Fprintf(stdout, "%s database is up to date\n", db.Dialect())
		return nil
	case "status":
		db, err := openReadOnly(ctx, cfg)
		if err != nil {
			return err
		}
		defer db.Close()
		list, err := db.Migrations(ctx)
		if err != nil {
			return err
		}
		for _, m := range list {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
		}
		return nil
	default:
		return fmt.Errorf("unknown migrate action %q: want up or status", action)
	}
}

// userCommand handles `caseward user create`.
func userCommand(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: caseward user create --email E --name N --role R [--department-id ID]")
	}
	fs := flagSet("user create", stderr)
	email := fs.String("email", "", "email address (required)")
	name := fs.String("name", "", "display name (required)")
	role := fs.String("role", "", "admin, responder, department_head or auditor (required)")
	dept := fs.String("department-id", "", "department id (optional)")
	cfg, err := config.Load(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	in := users.NewUser{Email: *email, Name: *name, Role: users.Role(*role)}
	if *dept != "" {
		id, err := uuid.Parse(*dept)
		if err != nil {
			return fmt.Errorf("--department-id: %w", err)
		}
		in.DepartmentID = &id
	}
	if in.Password, err = readPassword(stdin); err != nil {
		return err
	}
	db, err := openStore(ctx, cfg, quiet())
	if err != nil {
		return err
	}
	defer db.Close()
	u, generated, err := users.NewService(db, audit.NewRecorder(db), auth.NewPasswords(cfg.PasswordHashMemory, auth.HashWait).Hash).Create(ctx, in)
	if err != nil {
		var ae *apperr.Error
		if errors.As(err, &ae) && len(ae.Fields) > 0 {
			for _, f := range ae.Fields {
				fmt.Fprintf(stderr, "--%s %s\n", f.Field, f.Message)
			}
		}
		return err
	}
	fmt.Fprintf(stdout, "created %s (%s) with id %s\n", u.Email, u.Role, u.ID)
	if generated != "" {
		fmt.Fprintf(stdout, "password: %s\n(shown once; it is not stored in clear)\n", generated)
	}
	return nil
}

// readPassword reads one line from stdin when it is a pipe or a file; a terminal
// or an empty line means "generate one".
func readPassword(stdin io.Reader) (string, error) {
	if f, ok := stdin.(*os.File); ok {
		st, err := f.Stat()
		if err != nil || st.Mode()&os.ModeCharDevice != 0 {
			return "", nil
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// auditCommand handles `caseward audit verify`: exit status 1 when the chain
// is broken. By default it only reads: the database is opened read-only, never
// created or migrated. With --record (for a nightly job) it also keeps the
// result, as GET /audit/verify does, so that auditors see when the chain was
// last checked and what was found; the database must exist and be migrated.
func auditCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("usage: caseward audit verify [--record]")
	}
	fs := flagSet("audit verify", stderr)
	record := fs.Bool("record", false, "keep the result, shown to auditors as the chain's last check")
	cfg, err := config.Load(fs, args[1:], getenv)
	if err != nil {
		return err
	}
	open := openReadOnly
	if *record {
		open = openExisting
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	verifier := audit.NewService(db)
	var res audit.VerifyResult
	if *record {
		res, err = verifier.VerifyAndRecord(ctx, db)
	} else {
		res, err = verifier.Verify(ctx)
	}
	if err != nil {
		return err
	}
	if !res.Valid {
		fmt.Fprintf(stdout, "audit chain BROKEN at seq %d (%d events verified before it)\n", *res.FirstInvalidSeq, res.Checked)
		return errChainBroken
	}
	fmt.Fprintf(stdout, "audit chain valid: %d events verified\n", res.Checked)
	return nil
}

var errChainBroken = errors.New("the audit chain does not verify")

// evidenceCommand handles `caseward evidence verify-all`: re-hash every stored
// file, cross-check every custody event against the audit trail's seals and
// every item's file (sha256, size) against the trail's record of it;
// exit status 1 when any file or custody event is missing or altered. Stored files that no item
// names are listed too, without failing: those an upload holds (under way, or
// died and about to be removed) apart from the rest. It
// records custody (verification is an event in each item's custody), so it
// opens the database to write, but only one that is there.
func evidenceCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "verify-all" {
		return errors.New("usage: caseward evidence verify-all")
	}
	cfg, err := config.Load(flagSet("evidence verify-all", stderr), args[1:], getenv)
	if err != nil {
		return err
	}
	if err := mustExist(ctx, cfg); err != nil {
		return fmt.Errorf("nothing to verify: %w", err)
	}
	svc, err := openServices(ctx, cfg, quiet())
	if err != nil {
		return err
	}
	defer svc.db.Close()
	checked, problems, err := svc.evidence.VerifyAll(ctx)
	if err != nil {
		return err
	}
	for _, p := range problems {
		what := "MISSING"
		if p.Result.Actual != "" {
			what = "ALTERED (now " + p.Result.Actual + ")"
		}
		fmt.Fprintf(stdout, "%s  %s  %q: expected %s, %s\n", p.Item.ID, p.Item.CaseID, p.Item.Title, p.Result.Expected, what)
	}
	unreferenced, holds, err := svc.evidence.Unreferenced(ctx)
	if err != nil {
		return err
	}
	for _, key := range unreferenced {
		fmt.Fprintf(stdout, "%s  UNREFERENCED: stored, but no evidence item names it and no upload holds it\n", key)
	}
	for _, h := range holds {
		fmt.Fprintf(stdout, "%s  HELD: an upload between storing the file and recording its item, since %s, last seen %s (the server removes the file of one that died)\n",
			h.StorageKey, h.StartedAt.Format(time.RFC3339), h.SeenAt.Format(time.RFC3339))
	}
	custodyChecked, custody, err := svc.evidence.VerifyCustody(ctx)
	if err != nil {
		return err
	}
	for _, p := range custody {
		if p.What == "unsealed" {
			fmt.Fprintf(stdout, "custody event %s  UNSEALED: no seal in the audit trail names it (inserted behind Caseward's back)\n", p.RowID)
			continue
		}
		fmt.Fprintf(stdout, "custody seal %s (audit event %d)  %s: %d sealed, %d found\n", p.Seal, p.AuditSeq, custodyProblemText[p.What], p.Sealed, p.Found)
	}
	recordsChecked, records, err := svc.evidence.VerifyFileRecords(ctx)
	if err != nil {
		return err
	}
	for _, p := range records {
		fmt.Fprintf(stdout, "evidence %s  %s\n", p.ItemID, recordProblemText(p))
	}
	fmt.Fprintf(stdout, "%d files checked, %d problems, %d unreferenced files, %d held by uploads\n", checked, len(problems), len(unreferenced), len(holds))
	fmt.Fprintf(stdout, "%d custody events checked against the audit trail, %d problems\n", custodyChecked, len(custody))
	fmt.Fprintf(stdout, "%d evidence records checked against the audit trail, %d problems\n", recordsChecked, len(records))
	if len(problems) > 0 || len(custody) > 0 || len(records) > 0 {
		return errEvidenceProblems
	}
	return nil
}

// custodyProblemText explains each kind of evidence.CustodyProblem of a seal.
var custodyProblemText = map[string]string{
	"missing": "MISSING: custody events it sealed are gone (deleted or truncated)",
	"extra":   "EXTRA: more custody events carry it than it sealed",
	"altered": "ALTERED: its custody events no longer hash to what it sealed",
}

// recordProblemText explains an evidence.RecordProblem.
func recordProblemText(p evidence.RecordProblem) string {
	switch p.What {
	case "altered":
		return fmt.Sprintf("RECORD ALTERED: its row names file %s, the audit trail recorded %s (audit event %d)", p.Found, p.Recorded, p.AuditSeq)
	case "removed":
		return fmt.Sprintf("RECORD REMOVED: its row names no file, the audit trail recorded %s (audit event %d)", p.Recorded, p.AuditSeq)
	}
	return fmt.Sprintf("UNRECORDED: its row names file %s, which no audit event recorded (inserted behind Caseward's back)", p.Found)
}

var errEvidenceProblems = errors.New("some evidence files, records or custody events are missing or altered")
