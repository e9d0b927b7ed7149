package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func newFlags() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func TestLoadDefaults(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:8080" || cfg.DataDir != "./data" || cfg.DatabaseURL != "" || cfg.LogLevel != slog.LevelInfo || cfg.LogFormat != "json" {
		t.Fatalf("unexpected defaults: %+v", cfg)
	}
}

func TestFlagsOverrideEnvironment(t *testing.T) {
	cfg, err := Load(newFlags(), []string{"--addr", "127.0.0.1:9000"}, env(map[string]string{"CASEWARD_ADDR": "127.0.0.1:7000"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9000" {
		t.Fatalf("Addr = %q, want the flag's value", cfg.Addr)
	}
}

func TestSecretFromFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "url")
	if err := os.WriteFile(path, []byte("postgres://db/caseward\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(newFlags(), nil, env(map[string]string{"DATABASE_URL_FILE": path}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DatabaseURL != "postgres://db/caseward" {
		t.Fatalf("DatabaseURL = %q", cfg.DatabaseURL)
	}
}

func TestBadValueNamesTheVariable(t *testing.T) {
	cases := []struct {
		env  map[string]string
		args []string
		name string
	}{
		{env: map[string]string{"CASEWARD_ADDR": "nonsense"}, name: "CASEWARD_ADDR"},
		{env: map[string]string{"DATABASE_URL": "mysql://x"}, name: "DATABASE_URL"},
		{env: map[string]string{"CASEWARD_LOG_LEVEL": "loud"}, name: "CASEWARD_LOG_LEVEL"},
		{env: map[string]string{"CASEWARD_LOG_FORMAT": "xml"}, name: "CASEWARD_LOG_FORMAT"},
		{env: map[string]string{"CASEWARD_PPROF_ADDR": "6060"}, name: "CASEWARD_PPROF_ADDR"},
		{env: map[string]string{"CASEWARD_STATIC_DIR": "/does/not/exist"}, name: "CASEWARD_STATIC_DIR"},
		{env: map[string]string{"CASEWARD_ADMIN_PASSWORD": "short"}, name: "CASEWARD_ADMIN_PASSWORD"},
		{env: map[string]string{"CASEWARD_ADMIN_PASSWORD": "Qwerty123456"}, name: "CASEWARD_ADMIN_PASSWORD"},
		{env: map[string]string{"CASEWARD_RATE_LIMIT": "-1"}, name: "CASEWARD_RATE_LIMIT"},
		{env: map[string]string{"CASEWARD_RATE_LIMIT_IP": "lots"}, name: "CASEWARD_RATE_LIMIT_IP"},
		{env: map[string]string{"CASEWARD_RATE_LIMIT_BURST": "0"}, name: "CASEWARD_RATE_LIMIT_BURST"},
		{env: map[string]string{"CASEWARD_REQUEST_TIMEOUT": "0s"}, name: "CASEWARD_REQUEST_TIMEOUT"},
		{env: map[string]string{"CASEWARD_UPLOAD_STALL_TIMEOUT": "soon"}, name: "CASEWARD_UPLOAD_STALL_TIMEOUT"},
		{env: map[string]string{"CASEWARD_LOGIN_WINDOW": "-1s"}, name: "CASEWARD_LOGIN_WINDOW"},
		{env: map[string]string{"CASEWARD_EVENT_RETENTION": "4m59s"}, name: "CASEWARD_EVENT_RETENTION"},
		{env: map[string]string{"CASEWARD_EVENT_RETENTION": "7d"}, name: "CASEWARD_EVENT_RETENTION"},
		{env: map[string]string{"CASEWARD_SCHEDULE_INTERVAL": "500ms"}, name: "CASEWARD_SCHEDULE_INTERVAL"},
		{env: map[string]string{"CASEWARD_SCHEDULE_INTERVAL": "1h"}, name: "CASEWARD_SCHEDULE_INTERVAL"},
		{env: map[string]string{"CASEWARD_MAX_UPLOAD": "lots"}, name: "CASEWARD_MAX_UPLOAD"},
		{env: map[string]string{"CASEWARD_PASSWORD_HASH_MEMORY": "18MiB"}, name: "CASEWARD_PASSWORD_HASH_MEMORY"},
		{env: map[string]string{"CASEWARD_BLOB_URL": "ftp://files/evidence"}, name: "CASEWARD_BLOB_URL"},
		{env: map[string]string{"CASEWARD_MAX_UPLOAD": "0GiB"}, name: "CASEWARD_MAX_UPLOAD"},
		{env: map[string]string{"DATABASE_URL_FILE": "/does/not/exist"}, name: "DATABASE_URL_FILE"},
		{env: map[string]string{"CASEWARD_WEBHOOK_ALLOW": "10.0.0.0/8, localhost"}, name: "CASEWARD_WEBHOOK_ALLOW"},
		{env: map[string]string{"CASEWARD_WEBHOOK_ALLOW_HTTP": "sometimes"}, name: "CASEWARD_WEBHOOK_ALLOW_HTTP"},
		{env: map[string]string{"CASEWARD_TRUSTED_PROXIES": "10.0.0.5"}, name: "CASEWARD_TRUSTED_PROXIES"},
		{env: map[string]string{"CASEWARD_TRUSTED_PROXIES": "10.0.0.0/8,balancer"}, name: "CASEWARD_TRUSTED_PROXIES"},
		{env: map[string]string{"CASEWARD_TRUSTED_PROXIES": "0.0.0.0/0"}, name: "CASEWARD_TRUSTED_PROXIES"},
		{env: map[string]string{"CASEWARD_TRUSTED_PROXIES": "10.0.0.0/8, ::/0"}, name: "CASEWARD_TRUSTED_PROXIES"},
		{args: []string{"--trusted-proxies", "10.0.0.0/33"}, name: "--trusted-proxies"},
		{args: []string{"--log-format", "xml"}, name: "--log-format"},
	}
	for _, c := range cases {
		_, err := Load(newFlags(), c.args, env(c.env))
		var cerr *Error
		if !errors.As(err, &cerr) || cerr.Name != c.name {
			t.Errorf("%v %v: err = %v, want a config error naming %s", c.env, c.args, err, c.name)
		}
	}
}

// Webhooks reach no internal range and no http:// URL unless told to.
func TestWebhookAllowList(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.WebhookAllow) != 0 || cfg.WebhookAllowHTTP {
		t.Fatalf("defaults allow %v, http %v", cfg.WebhookAllow, cfg.WebhookAllowHTTP)
	}
	cfg, err = Load(newFlags(), nil, env(map[string]string{"CASEWARD_WEBHOOK_ALLOW": "127.0.0.1/32, 10.20.1.7/16,fd00::/8", "CASEWARD_WEBHOOK_ALLOW_HTTP": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(cfg.WebhookAllow)
	if got != "[127.0.0.1/32 10.20.0.0/16 fd00::/8]" || !cfg.WebhookAllowHTTP {
		t.Fatalf("allow %s, http %v", got, cfg.WebhookAllowHTTP)
	}
}

// No X-Forwarded-For is trusted unless the proxies sending it are named.
func TestTrustedProxies(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.TrustedProxies) != 0 {
		t.Fatalf("trusted by default: %v", cfg.TrustedProxies)
	}
	cfg, err = Load(newFlags(), nil, env(map[string]string{"CASEWARD_TRUSTED_PROXIES": " 127.0.0.1/32,10.20.1.7/16, fd00::1/64 ,"}))
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(cfg.TrustedProxies); got != "[127.0.0.1/32 10.20.0.0/16 fd00::/64]" {
		t.Fatalf("trusted %s", got)
	}
}

func TestSizes(t *testing.T) {
	for in, want := range map[string]int64{"2GiB": 2 << 30, "500MiB": 500 << 20, "1024": 1024, "3 KiB": 3 << 10} {
		var got int64
		if err := parseSize(in, &got); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestAbuseLimitDefaults(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimit != 20 || cfg.RateLimitBurst != 100 || cfg.RateLimitIP != 100 || cfg.RateLimitIPBurst != 500 {
		t.Fatalf("rate limits: %+v", cfg)
	}
	if cfg.RequestTimeout != 30*time.Second || cfg.BodyTimeout != 30*time.Second || cfg.UploadStallTimeout != time.Minute {
		t.Fatalf("timeouts: %+v", cfg)
	}
	if cfg.PasswordHashMemory != 128<<20 {
		t.Fatalf("password hash memory: %d", cfg.PasswordHashMemory)
	}
}

func TestZeroTurnsRateLimitsOff(t *testing.T) {
	cfg, err := Load(newFlags(), []string{"--rate-limit", "0"}, env(map[string]string{"CASEWARD_RATE_LIMIT_IP": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RateLimit != 0 || cfg.RateLimitIP != 0 {
		t.Fatalf("RateLimit = %v, RateLimitIP = %v; want 0 (off)", cfg.RateLimit, cfg.RateLimitIP)
	}
}

// The outbox keeps a week by default; five minutes is the least it may keep
// (the live stream resumes from it).
func TestEventRetention(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil || cfg.EventRetention != 7*24*time.Hour {
		t.Fatalf("default retention %v (%v), want 168h", cfg.EventRetention, err)
	}
	cfg, err = Load(newFlags(), []string{"--event-retention", "5m"}, env(nil))
	if err != nil || cfg.EventRetention != 5*time.Minute || cfg.ScheduleInterval != 20*time.Second {
		t.Fatalf("retention %v (%v), want 5m", cfg.EventRetention, err)
	}
}

// Mail is off unless an SMTP URL is given; with one, the From address and the
// public URL are required, and a bad URL names its variable.
func TestMailSettings(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil || cfg.SMTPURL != "" {
		t.Fatalf("mail on by default: %+v %v", cfg, err)
	}
	ok := map[string]string{"CASEWARD_SMTP_URL": "smtps://u:p@mail.example.org", "CASEWARD_MAIL_FROM": "caseward@example.org",
		"CASEWARD_PUBLIC_URL": "https://caseward.example.org/"}
	cfg, err = Load(newFlags(), nil, env(ok))
	if err != nil || cfg.PublicURL != "https://caseward.example.org" || cfg.MailFrom != "caseward@example.org" {
		t.Fatalf("%+v %v", cfg, err)
	}
	for name, bad := range map[string]string{
		"CASEWARD_SMTP_URL":   "http://mail.example.org",
		"CASEWARD_MAIL_FROM":  "Caseward <caseward@example.org>",
		"CASEWARD_PUBLIC_URL": "javascript:alert(1)",
	} {
		m := map[string]string{}
		for k, v := range ok {
			m[k] = v
		}
		m[name] = bad
		var cerr *Error
		if _, err := Load(newFlags(), nil, env(m)); !errors.As(err, &cerr) || cerr.Name != name {
			t.Errorf("%s=%q: %v, want an error naming it", name, bad, err)
		}
		delete(m, name)
		if name != "CASEWARD_SMTP_URL" {
			if _, err := Load(newFlags(), nil, env(m)); !errors.As(err, &cerr) || cerr.Name != name {
				t.Errorf("without %s: %v, want it required", name, err)
			}
		}
	}
}
