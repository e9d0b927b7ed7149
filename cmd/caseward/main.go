// Command caseward runs the Caseward server and its administrative commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/caseward/caseward/internal/config"

	// Users choose an IANA time zone for their profile; the binary carries the
	// zone database, so that it checks their choice on hosts without zoneinfo
	// (such as the distroless image).
	_ "time/tzdata"
)

const usage = `Usage: caseward [command] [flags]

Commands:
  serve            run the API and the SPA (default)
  migrate [up]     apply pending database migrations
  migrate status   list migrations and whether they are applied (read-only)
  user create      create a user: --email, --name, --role [--department-id];
                   the password is read from standard input, or generated and printed once
  audit verify     walk the audit hash chain, read-only; exit status 1 when it is broken
  evidence verify-all
                   re-hash every stored evidence file; exit status 1 if any is missing or altered;
                   also list stored files that no evidence item names
                   (these three check an existing installation and never create a database)
  export verify [--public-key FILE|B64] [--key-fingerprint HEX] FILE [SIGFILE]
                   check a saved export offline with the key it carries (or the one pinned);
                   opens no database, creates and changes nothing; a PDF or an audit CSV
                   is checked against SIGFILE, else FILE.sig beside it; exit status 1 when
                   it does not verify, 2 for a usage error
  seed --cases N   generate realistic data (users of every role, cases with history)
  version          print the version

Run 'caseward serve --help' for the settings every command takes.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		os.Exit(exitCode(err, os.Stderr))
	}
}

// usageError is a command line that cannot be run as given: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// reportedError is a failure the command has told the user about already
// (in its own words, on standard output): exit status 1, nothing more said.
type reportedError struct{ err error }

func (e reportedError) Error() string { return e.err.Error() }
func (e reportedError) Unwrap() error { return e.err }

// exitCode says err on stderr unless the command said it already, and
// returns the exit status: 2 for a usage error, else 1.
func exitCode(err error, stderr io.Writer) int {
	var reported reportedError
	if !errors.As(err, &reported) {
		fmt.Fprintln(stderr, "caseward:", err)
	}
	var usage usageError
	if errors.As(err, &usage) {
		return 2
	}
	return 1
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		cfg, err := config.Load(flagSet("serve", stderr), args, getenv)
		if err != nil {
			return err
		}
		return serve(ctx, cfg, newLogger(cfg, stderr), stdout)
	case "migrate":
		return migrate(ctx, args, getenv, stdout, stderr)
	case "user":
		return userCommand(ctx, args, getenv, stdin, stdout, stderr)
	case "seed":
		return seedCommand(ctx, args, getenv, stdout, stderr)
	case "export":
		return exportCommand(args, stdout, stderr)
	case "evidence":
		return evidenceCommand(ctx, args, getenv, stdout, stderr)
	case "audit":
		return auditCommand(ctx, args, getenv, stdout, stderr)
	case "version":
		fmt.Fprintf(stdout, "caseward %s (%s)\n", version(), spaNote())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

func flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
