// Package config reads Caseward's settings from the environment (with `*_FILE`
// variants for secrets) and command-line flags, and validates them at start.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/caseward/caseward/internal/auth"
	"github.com/caseward/caseward/internal/mail"
	"github.com/caseward/caseward/internal/users"
)

// Config is everything the server needs to start.
type Config struct {
	Addr          string
	DatabaseURL   string        // empty: embedded SQLite in DataDir
	DBTimeout     time.Duration // longest wait on the database per statement or transaction
	DBMaxConns    int           // PostgreSQL connections the requests' pool may hold
	DataDir       string
	StaticDir     string // the built SPA; empty: no SPA served
	LogLevel      slog.Level
	LogFormat     string // json or text
	AdminPassword string // first admin's password; empty: generated
	MaxUpload     int64  // largest evidence file, in bytes
	BlobURL       string // S3-compatible evidence store; empty: the data folder

	AccessTokenTTL     time.Duration
	RefreshTokenTTL    time.Duration
	LoginMaxFailures   int           // per account within LoginWindow
	LoginIPMaxFailures int           // per client address within LoginWindow
	LoginWindow        time.Duration // how long failures count and a lock lasts
	PasswordHashMemory int64         // bytes that password hashes running at once may hold
	ShutdownTimeout    time.Duration
	PprofAddr          string // Go's profiling endpoints; empty: off

	RateLimit          float64       // API requests per second per signed-in user; 0: off
	RateLimitBurst     int           // requests a user may make at once
	RateLimitIP        float64       // API requests per second per client address; 0: off
	RateLimitIPBurst   int           // requests an address may make at once
	RequestTimeout     time.Duration // ordinary API requests; streams (uploads, downloads, exports) are exempt
	BodyTimeout        time.Duration // to receive a JSON request body
	UploadStallTimeout time.Duration // an evidence upload slower than 64 KiB in this long is cut off

	EventRetention   time.Duration // how long the outbox keeps events every delivery has passed
	ScheduleInterval time.Duration // how often the leader scans for due times crossed
	SMTPURL          string        // smtp:// (STARTTLS) or smtps:// mail server; empty: mail is off
	MailFrom         string        // the From address of Caseward's mail
	PublicURL        string        // the address people reach Caseward at, the base of links in mail
	// Webhooks (issue 22): the otherwise forbidden ranges they may reach, and
	// whether plain http:// URLs are accepted.
	WebhookAllow       []netip.Prefix
	WebhookAllowHTTP   bool
	LiveStreamsPerUser int // live event streams one user may hold open; 0: no limit (issue 22)

	// Sign-in (issue 24): an OpenID Connect provider, and whether passwords
	// are accepted from everyone or only from the break-glass administrator.
	SSO             SSO
	LocalPasswords  bool
	BreakGlassEmail string
	// TrustedProxies are the balancers whose X-Forwarded-For names the
	// client; empty: the connection's own address is the client's.
	TrustedProxies []netip.Prefix
}

// Error is a configuration error naming the variable at fault.
type Error struct {
	Name string
	Msg  string
}

func (e *Error) Error() string { return e.Name + ": " + e.Msg }

// setting is one variable: its environment name, flag name and how to parse it.
type setting struct {
	env, flag, usage, def string
	secret                bool
	parse                 func(c *Config, v string) error
}

var settings = []setting{
	{env: "CASEWARD_ADDR", flag: "addr", def: "127.0.0.1:8080", usage: "listen address host:port",
		parse: func(c *Config, v string) error {
			if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
				return fmt.Errorf("want host:port, got %q", v)
			}
			c.Addr = v
			return nil
		}},
	{env: "DATABASE_URL", flag: "database-url", secret: true, usage: "PostgreSQL URL; empty for the embedded SQLite database",
		parse: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
				return fmt.Errorf("want a postgres:// URL")
			}
			c.DatabaseURL = v
			return nil
		}},
	{env: "CASEWARD_DB_TIMEOUT", flag: "db-timeout", def: "10s", usage: "longest wait on the database for one statement or transaction (and to connect); past it the request is a 503",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.DBTimeout) }},
	{env: "CASEWARD_DATA_DIR", flag: "data-dir", def: "./data", usage: "folder for the embedded database and evidence files",
		parse: func(c *Config, v string) error {
			if v == "" {
				return fmt.Errorf("must not be empty")
			}
			c.DataDir = v
			return nil
		}},
	{env: "CASEWARD_STATIC_DIR", flag: "static-dir", usage: "folder with a built SPA (frontend/dist) to serve instead of the one built into a release binary",
		parse: func(c *Config, v string) error {
			if v != "" {
				if st, err := os.Stat(v); err != nil || !st.IsDir() {
					return fmt.Errorf("%q is not a folder", v)
				}
			}
			c.StaticDir = v
			return nil
		}},
	{env: "CASEWARD_LOG_LEVEL", flag: "log-level", def: "info", usage: "debug, info, warn or error",
		parse: func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
	{env: "CASEWARD_LOG_FORMAT", flag: "log-format", def: "json", usage: "json or text",
		parse: func(c *Config, v string) error {
			if v != "json" && v != "text" {
				return fmt.Errorf("want json or text, got %q", v)
			}
			c.LogFormat = v
			return nil
		}},
	{env: "CASEWARD_ADMIN_PASSWORD", flag: "admin-password", secret: true, usage: "password of the first admin (created when there are no users)",
		parse: func(c *Config, v string) error {
			if v != "" {
				if msg := users.CheckPassword(v); msg != "" {
					return errors.New(msg)
				}
			}
			c.AdminPassword = v
			return nil
		}},
	{env: "CASEWARD_BLOB_URL", flag: "blob-url", secret: true, usage: "S3-compatible evidence store, s3://key:secret@host:port/bucket[?insecure=true]; empty keeps files in the data folder",
		parse: func(c *Config, v string) error {
			if v != "" && !strings.HasPrefix(v, "s3://") {
				return fmt.Errorf("want an s3:// URL")
			}
			c.BlobURL = v
			return nil
		}},
	{env: "CASEWARD_MAX_UPLOAD", flag: "max-upload", def: "2GiB", usage: "largest evidence file accepted, e.g. 500MiB or 2GiB",
		parse: func(c *Config, v string) error { return parseSize(v, &c.MaxUpload) }},
	{env: "CASEWARD_LOGIN_MAX_FAILURES", flag: "login-max-failures", def: "5", usage: "failed logins per account before it is throttled",
		parse: func(c *Config, v string) error { return positiveInt(v, &c.LoginMaxFailures) }},
	{env: "CASEWARD_LOGIN_IP_MAX_FAILURES", flag: "login-ip-max-failures", def: "50", usage: "failed logins per client address before it is throttled",
		parse: func(c *Config, v string) error { return positiveInt(v, &c.LoginIPMaxFailures) }},
	{env: "CASEWARD_LOGIN_WINDOW", flag: "login-window", def: "15m", usage: "how long failed logins count and a throttle lasts",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.LoginWindow) }},
	{env: "CASEWARD_PASSWORD_HASH_MEMORY", flag: "password-hash-memory", def: "128MiB", usage: "memory that password hashing may hold at once; each argon2id hash needs 19MiB, so 128MiB runs 6 at once and further sign-ins wait briefly, then get a 503",
		parse: func(c *Config, v string) error {
			if err := parseSize(v, &c.PasswordHashMemory); err != nil {
				return err
			}
			if c.PasswordHashMemory < auth.HashMemory {
				return fmt.Errorf("want at least 19MiB (one hash), got %q", v)
			}
			return nil
		}},
	{env: "CASEWARD_PPROF_ADDR", flag: "pprof-addr", usage: "serve Go's profiling endpoints (/debug/pprof/) on this host:port, e.g. 127.0.0.1:6060; empty turns them off",
		parse: func(c *Config, v string) error {
			if v == "" {
				return nil
			}
			if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
				return fmt.Errorf("want host:port, got %q", v)
			}
			c.PprofAddr = v
			return nil
		}},
	{env: "CASEWARD_SHUTDOWN_TIMEOUT", flag: "shutdown-timeout", def: "30s", usage: "how long shutdown waits for requests in flight",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.ShutdownTimeout) }},
	{env: "CASEWARD_RATE_LIMIT", flag: "rate-limit", def: "20", usage: "API requests per second per signed-in user; 0 turns the limit off",
		parse: func(c *Config, v string) error { return rateOrOff(v, &c.RateLimit) }},
	{env: "CASEWARD_RATE_LIMIT_BURST", flag: "rate-limit-burst", def: "100", usage: "API requests a signed-in user may make at once",
		parse: func(c *Config, v string) error { return positiveInt(v, &c.RateLimitBurst) }},
	{env: "CASEWARD_RATE_LIMIT_IP", flag: "rate-limit-ip", def: "100", usage: "API requests per second per client address; 0 turns the limit off",
		parse: func(c *Config, v string) error { return rateOrOff(v, &c.RateLimitIP) }},
	{env: "CASEWARD_RATE_LIMIT_IP_BURST", flag: "rate-limit-ip-burst", def: "500", usage: "API requests a client address may make at once",
		parse: func(c *Config, v string) error { return positiveInt(v, &c.RateLimitIPBurst) }},
	{env: "CASEWARD_REQUEST_TIMEOUT", flag: "request-timeout", def: "30s", usage: "longest an ordinary API request may take before it is a 503 (uploads, downloads, exports and verifications are exempt)",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.RequestTimeout) }},
	{env: "CASEWARD_BODY_TIMEOUT", flag: "body-timeout", def: "30s", usage: "longest a client may take to send a JSON request body before it is a 408",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.BodyTimeout) }},
	{env: "CASEWARD_UPLOAD_STALL_TIMEOUT", flag: "upload-stall-timeout", def: "60s", usage: "an evidence upload that sends less than 64 KiB in this long is cut off with a 408",
		parse: func(c *Config, v string) error { return positiveDuration(v, &c.UploadStallTimeout) }},
	{env: "CASEWARD_EVENT_RETENTION", flag: "event-retention", def: "168h", usage: "how long the outbox keeps an event every delivery has passed (at least 5m: the live stream resumes from it)",
		parse: func(c *Config, v string) error {
			if err := positiveDuration(v, &c.EventRetention); err != nil {
				return err
			}
			if c.EventRetention < MinEventRetention {
				return fmt.Errorf("want at least %s: a live stream that reconnects resumes from the outbox, got %q", MinEventRetention, v)
			}
			return nil
		}},
	{env: "CASEWARD_SCHEDULE_INTERVAL", flag: "schedule-interval", def: "20s", usage: "how often the leading replica looks for regulator clocks, tasks and milestones that crossed a threshold (1s to 5m)",
		parse: func(c *Config, v string) error {
			if err := positiveDuration(v, &c.ScheduleInterval); err != nil {
				return err
			}
			if c.ScheduleInterval < time.Second || c.ScheduleInterval > 5*time.Minute {
				return fmt.Errorf("want 1s to 5m, got %q", v)
			}
			return nil
		}},
}

// MinEventRetention is the shortest CASEWARD_EVENT_RETENTION: the live
// stream resumes a reconnect within five minutes from the outbox.
const MinEventRetention = 5 * time.Minute

// mailSettings say how Caseward sends mail (issue 22: email).
var mailSettings = []setting{
	{env: "CASEWARD_SMTP_URL", flag: "smtp-url", secret: true, usage: "mail server URL: smtp://host:587 (STARTTLS required; ?starttls=false for a local relay in clear) or smtps://host:465 (implicit TLS), with the account in its user info; empty turns mail off",
		parse: func(c *Config, v string) error {
			if v != "" {
				if _, err := mail.ParseSMTPURL(v); err != nil {
					return err
				}
			}
			c.SMTPURL = v
			return nil
		}},
	{env: "CASEWARD_MAIL_FROM", flag: "mail-from", usage: "the From address of Caseward's mail, e.g. caseward@example.org (required with CASEWARD_SMTP_URL)",
		parse: func(c *Config, v string) error {
			if v != "" {
				a, err := netmail.ParseAddress(v)
				if err != nil || a.Name != "" || a.Address != v {
					return fmt.Errorf("want a bare address such as caseward@example.org, got %q", v)
				}
			}
			c.MailFrom = v
			return nil
		}},
	{env: "CASEWARD_PUBLIC_URL", flag: "public-url", usage: "the address people reach Caseward at, e.g. https://caseward.example.org: the base of links in mail (required with CASEWARD_SMTP_URL)",
		parse: func(c *Config, v string) error {
			if v != "" {
				u, err := url.Parse(v)
				if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
					return fmt.Errorf("want an http(s):// address without query, e.g. https://caseward.example.org, got %q", v)
				}
			}
			c.PublicURL = strings.TrimRight(v, "/")
			return nil
		}},
}

func init() {
	for _, more := range [][]setting{mailSettings, webhookSettings, liveSettings, ssoSettings, proxySettings, dbPoolSettings} {
		settings = append(settings, more...)
	}
}

// checkMail refuses mail switched on without a From address or the base of
// its links.
func checkMail(c Config) error {
	if c.SMTPURL == "" {
		return nil
	}
	if c.MailFrom == "" {
		return &Error{Name: "CASEWARD_MAIL_FROM", Msg: "required when CASEWARD_SMTP_URL is set"}
	}
	if c.PublicURL == "" {
		return &Error{Name: "CASEWARD_PUBLIC_URL", Msg: "required when CASEWARD_SMTP_URL is set: mail links to Caseward"}
	}
	return nil
}

// webhookSettings say where webhooks may reach (issue 22: webhooks).
var webhookSettings = []setting{
	{env: "CASEWARD_WEBHOOK_ALLOW", flag: "webhook-allow", usage: "comma-separated CIDRs webhooks may reach although loopback, private, link-local or reserved, e.g. 10.20.0.0/16; empty allows none",
		parse: func(c *Config, v string) error {
			ps, err := prefixes(v)
			c.WebhookAllow = ps
			return err
		}},
	{env: "CASEWARD_WEBHOOK_ALLOW_HTTP", flag: "webhook-allow-http", def: "false", usage: "accept plain http:// webhook URLs (https only otherwise)",
		parse: func(c *Config, v string) error {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return fmt.Errorf("want true or false, got %q", v)
			}
			c.WebhookAllowHTTP = b
			return nil
		}},
}

// liveSettings bound the live event stream (issue 22: live updates).
var liveSettings = []setting{
	{env: "CASEWARD_LIVE_STREAMS_PER_USER", flag: "live-streams-per-user", def: "16", usage: "live event streams (GET /api/v1/events, one per open tab) one user may hold open; 0 for no limit",
		parse: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return fmt.Errorf("want a whole number of streams, or 0 for no limit, got %q", v)
			}
			c.LiveStreamsPerUser = n
			return nil
		}},
}

// Load adds the settings' flags to fs (which may hold a command's own flags),
// parses args, and builds a Config from the flags, which win, and getenv.
func Load(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	cfg := Config{AccessTokenTTL: 15 * time.Minute, RefreshTokenTTL: 30 * 24 * time.Hour}
	values := make(map[string]*string, len(settings))
	for _, s := range settings {
		values[s.env] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	if fs.NArg() > 0 {
		return cfg, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, s := range settings {
		v, source, err := lookup(s, *values[s.env], getenv)
		if err != nil {
			return cfg, err
		}
		if err := s.parse(&cfg, v); err != nil {
			return cfg, &Error{Name: source, Msg: err.Error()}
		}
	}
	if err := checkMail(cfg); err != nil {
		return cfg, err
	}
	if err := checkSSO(cfg); err != nil {
		return cfg, err
	}
	return cfg, nil
}

// lookup finds a setting's value: flag, then environment, then `<ENV>_FILE` for
// secrets, then the default. It also names where the value came from.
func lookup(s setting, flagValue string, getenv func(string) string) (value, source string, err error) {
	if flagValue != "" {
		return flagValue, "--" + s.flag, nil
	}
	if v := getenv(s.env); v != "" {
		return v, s.env, nil
	}
	if s.secret {
		if path := getenv(s.env + "_FILE"); path != "" {
			b, err := os.ReadFile(path)
			if err != nil {
				return "", "", &Error{Name: s.env + "_FILE", Msg: fmt.Sprintf("cannot read %q", path)}
			}
			return strings.TrimSpace(string(b)), s.env + "_FILE", nil
		}
	}
	return s.def, s.env, nil
}

func positiveInt(v string, dst *int) error {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return fmt.Errorf("want a positive whole number, got %q", v)
	}
	*dst = n
	return nil
}

// rateOrOff reads a rate in requests per second: 0 for off, else positive.
func rateOrOff(v string, dst *float64) error {
	r, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil || r < 0 || math.IsNaN(r) || math.IsInf(r, 0) {
		return fmt.Errorf("want requests per second such as 20 or 0.5, or 0 for off, got %q", v)
	}
	*dst = r
	return nil
}

func positiveDuration(v string, dst *time.Duration) error {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return fmt.Errorf("want a positive duration such as 30s or 15m, got %q", v)
	}
	*dst = d
	return nil
}

// parseSize reads a byte count with an optional binary unit (KiB, MiB, GiB, TiB).
func parseSize(v string, dst *int64) error {
	units := []struct {
		suffix string
		factor int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	factor, digits := int64(1), strings.TrimSpace(v)
	for _, u := range units {
		if strings.HasSuffix(digits, u.suffix) {
			factor, digits = u.factor, strings.TrimSpace(strings.TrimSuffix(digits, u.suffix))
			break
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	if err != nil || n < 1 || n > (1<<62)/factor {
		return fmt.Errorf("want a size such as 500MiB or 2GiB, got %q", v)
	}
	*dst = n * factor
	return nil
}
