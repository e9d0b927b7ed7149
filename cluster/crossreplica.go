package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/caseward/caseward/internal/testcluster"
)

// newUser creates an account through admin and returns its id.
func newUser(ctx context.Context, admin *client, email, role, password string) (string, error) {
	var u struct {
		User struct {
			ID string `json:"id"`
		} `json:"user"`
	}
	a := admin.do(ctx, http.MethodPost, "/api/v1/users", map[string]any{"email": email, "name": email, "role": role, "password": password})
	if err := a.decode(&u); err != nil {
		return "", fmt.Errorf("create user %s: %w", email, err)
	}
	return u.User.ID, nil
}

// disabledEverywhere disables a signed-in user through the first replica and
// checks that every replica refuses the user's access token within a second
// (docs/security.md, Sign-in: the answer is remembered for one second at
// most). It returns how long after the disable was answered the last
// request a replica still served was sent.
func (c *cluster) disabledEverywhere(ctx context.Context, admin *client) (time.Duration, error) {
	const password = "cluster disabled user password"
	id, err := newUser(ctx, admin, "disabled@cluster.test", "responder", password)
	if err != nil {
		return 0, err
	}
	user := newClient(admin.base, "127.0.0.3")
	if err := user.signIn(ctx, "disabled@cluster.test", password); err != nil {
		return 0, err
	}
	for _, r := range c.replicas { // each replica now remembers the user as enabled
		if a := user.at(r.URL()).do(ctx, http.MethodGet, "/api/v1/me", nil); !a.ok() {
			return 0, fmt.Errorf("%s before the disable: %s", r.Name, a)
		}
	}
	a := admin.at(c.replicas[0].URL()).do(ctx, http.MethodGet, "/api/v1/users/"+id, nil)
	if !a.ok() {
		return 0, fmt.Errorf("read the user: %s", a)
	}
	a = admin.at(c.replicas[0].URL()).do(ctx, http.MethodPatch, "/api/v1/users/"+id, map[string]any{"disabled": true}, "If-Match", a.header.Get("ETag"))
	if !a.ok() {
		return 0, fmt.Errorf("disable through %s: %s", c.replicas[0].Name, a)
	}
	disabled := time.Now()
	var wg sync.WaitGroup
	errs := make([]error, len(c.replicas))
	firsts := make([]time.Duration, len(c.replicas))
	lastServed := make([]time.Duration, len(c.replicas))
	for i, r := range c.replicas {
		wg.Go(func() {
			u := user.at(r.URL())
			for time.Since(disabled) < 1500*time.Millisecond {
				sent := time.Since(disabled)
				a := u.do(ctx, http.MethodGet, "/api/v1/me", nil)
				switch {
				case a.status == http.StatusOK:
					lastServed[i] = sent
				case a.status == http.StatusUnauthorized && firsts[i] == 0:
					firsts[i] = sent
				}
				switch {
				case a.status == http.StatusOK && sent > time.Second:
					errs[i] = fmt.Errorf("%s still served the disabled user %s after the disable was answered", r.Name, sent.Round(time.Millisecond))
					return
				case a.status != http.StatusOK && a.status != http.StatusUnauthorized:
					errs[i] = fmt.Errorf("%s: %s", r.Name, a)
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
			if firsts[i] == 0 {
				errs[i] = fmt.Errorf("%s never refused the disabled user", r.Name)
			}
		})
	}
	wg.Wait()
	var last time.Duration
	for i := range errs {
		if errs[i] != nil {
			return 0, errs[i]
		}
		last = max(last, lastServed[i])
	}
	return last, nil
}

// signInThrottled guesses one account's password six times, spread over
// the replicas (each straight to one): sign-in attempts are counted in the
// database, so the sixth is refused with 429 wherever it lands
// (CASEWARD_LOGIN_MAX_FAILURES, 5 by default), and then so is the right
// password on every replica.
func (c *cluster) signInThrottled(ctx context.Context, admin *client) error {
	const password = "cluster throttled user password"
	if _, err := newUser(ctx, admin, "throttled@cluster.test", "responder", password); err != nil {
		return err
	}
	guesser := newClient(admin.base, "127.0.0.4")
	login := func(r *testcluster.Replica, pw string) int {
		return guesser.at(r.URL()).do(ctx, http.MethodPost, "/api/v1/auth/login", map[string]string{"email": "throttled@cluster.test", "password": pw}).status
	}
	for i := range 6 {
		r := c.replicas[i%len(c.replicas)]
		want := http.StatusUnauthorized
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if got := login(r, "wrong guess number "+strconv.Itoa(i)); got != want {
			return fmt.Errorf("wrong password %d on %s: %d, want %d", i+1, r.Name, got, want)
		}
	}
	for _, r := range c.replicas {
		if got := login(r, password); got != http.StatusTooManyRequests {
			return fmt.Errorf("the right password on %s after 6 wrong ones: %d, want 429", r.Name, got)
		}
	}
	return nil
}

// rateLimitedPerReplica sends a burst of requests for one user through the
// balancer. Buckets live in each replica's memory (docs/security.md, Abuse
// limits): N replicas allow up to N times the rate, so the burst gets at least
// one replica's burst and at most N replicas' bursts plus what they refilled
// meanwhile, and the rest are 429.
func (c *cluster) rateLimitedPerReplica(ctx context.Context, admin *client, rate float64, burst int) (string, error) {
	const password = "cluster rate limited password"
	if _, err := newUser(ctx, admin, "limited@cluster.test", "responder", password); err != nil {
		return "", err
	}
	user := newClient(admin.base, "127.0.0.5")
	if err := user.signIn(ctx, "limited@cluster.test", password); err != nil {
		return "", err
	}
	n := len(c.replicas)
	total := 2 * n * burst
	var ok, limited, other atomic.Int64
	var next atomic.Int64
	start := time.Now()
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for next.Add(1) <= int64(total) {
				switch a := user.do(ctx, http.MethodGet, "/api/v1/me", nil); a.status {
				case http.StatusOK:
					ok.Add(1)
				case http.StatusTooManyRequests:
					limited.Add(1)
				default:
					other.Add(1)
				}
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	most := int64(float64(n)*(float64(burst)+rate*elapsed.Seconds())) + int64(n)
	summary := fmt.Sprintf("%d requests in %s: %d answered, %d refused with 429 (allowed: %d to %d)",
		total, elapsed.Round(time.Millisecond), ok.Load(), limited.Load(), burst, most)
	switch {
	case other.Load() > 0:
		return summary, fmt.Errorf("%s; %d neither 200 nor 429", summary, other.Load())
	case ok.Load() < int64(burst) || ok.Load() > most || limited.Load() == 0:
		return summary, fmt.Errorf("%s", summary)
	}
	return summary, nil
}
