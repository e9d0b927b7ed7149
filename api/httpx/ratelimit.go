package httpx

import (
	"math"
	"net/netip"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/ratelimit"
)

// Limits are the HTTP layer's abuse limits. A zero rate turns that rate limit
// off; a zero timeout turns that timeout off.
type Limits struct {
	UserRate  float64 // API requests per second per signed-in user
	UserBurst int     // requests a user may make at once
	IPRate    float64 // API requests per second per client address
	IPBurst   int     // requests an address may make at once

	RequestTimeout     time.Duration // ordinary API requests (streams are exempt): 503 past it
	BodyTimeout        time.Duration // to receive a JSON request body: 408 past it
	UploadStallTimeout time.Duration // an upload must send uploadProgress bytes this often: 408 otherwise
}

// RateLimits keeps a token bucket per client address for every API request,
// and one per user for signed-in requests.
type RateLimits struct {
	ip, user *ratelimit.Limiter
	keys     *ratelimit.Limiter // one bucket per API key, at its own rate
	userRate float64
	burst    int
}

// NewRateLimits makes the buckets l asks for; a zero rate makes none.
func NewRateLimits(l Limits) *RateLimits {
	return &RateLimits{
		ip:       ratelimit.New(l.IPRate, l.IPBurst, ratelimit.DefaultMaxKeys),
		user:     ratelimit.New(l.UserRate, l.UserBurst, ratelimit.DefaultMaxKeys),
		keys:     ratelimit.NewPerKey(ratelimit.DefaultMaxKeys),
		userRate: l.UserRate,
		burst:    l.UserBurst,
	}
}

// quotaKey holds, in the echo context, the quota reported in the headers.
const quotaKey = "rate_quota"

// ByAddress limits every request by client address, but those exempt reports
// (the caller decides: the API limits what reads the database, such as the
// status feed outside /api/). It runs before authentication, so that a flood
// of bad tokens stops before the database.
func (rl *RateLimits) ByAddress(exempt func(echo.Context) bool) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if rl.ip == nil || exempt(c) {
				return next(c)
			}
			if err := rl.take(c, rl.ip, addressKey(c.RealIP()), "too many requests from your address; wait for the seconds in Retry-After"); err != nil {
				return err
			}
			return next(c)
		}
	}
}

// ByUser limits a signed-in user's requests, whatever address they come from;
// the contract middleware calls it once it knows who is calling.
func (rl *RateLimits) ByUser(c echo.Context, userID string) error {
	if rl.user == nil {
		return nil
	}
	return rl.take(c, rl.user, userID, "too many requests; wait for the seconds in Retry-After")
}

// ByKey limits the requests made with an API key, whoever's account it acts
// for: at the key's own rate (perMinute requests a minute, as a burst or
// spread out), or when it has none (0) at a user's.
func (rl *RateLimits) ByKey(c echo.Context, keyID string, perMinute int) error {
	perSecond, burst := rl.userRate, rl.burst
	if perMinute > 0 {
		perSecond, burst = float64(perMinute)/60, perMinute
	}
	if perSecond <= 0 {
		return nil
	}
	q := rl.keys.TakeWith(keyID, time.Now(), perSecond, burst)
	rl.report(c, q)
	if !q.Allowed {
		return apperr.Throttled("too many requests with this API key; wait for the seconds in Retry-After", q.RetryIn)
	}
	return nil
}

// take spends one request of key's bucket and reports, of all the buckets the
// request spent from, the one closest to running out.
func (rl *RateLimits) take(c echo.Context, lim *ratelimit.Limiter, key, refusal string) error {
	q := lim.Take(key, time.Now())
	rl.report(c, q)
	if !q.Allowed {
		return apperr.Throttled(refusal, q.RetryIn)
	}
	return nil
}

// report sets the RateLimit-* headers to q, unless another bucket this
// request spent from is closer to running out.
func (rl *RateLimits) report(c echo.Context, q ratelimit.Quota) {
	if prev, ok := c.Get(quotaKey).(ratelimit.Quota); !ok || tighter(q, prev) {
		c.Set(quotaKey, q)
		h := c.Response().Header()
		h.Set("RateLimit-Limit", strconv.Itoa(q.Limit))
		h.Set("RateLimit-Remaining", strconv.Itoa(q.Remaining))
		h.Set("RateLimit-Reset", strconv.Itoa(int(math.Ceil(q.Reset.Seconds()))))
	}
}

func tighter(a, b ratelimit.Quota) bool {
	if a.Allowed != b.Allowed {
		return !a.Allowed
	}
	return a.Remaining < b.Remaining || (a.Remaining == b.Remaining && a.Reset > b.Reset)
}

// addressKey is the bucket of a client address. An IPv6 client usually holds a
// whole /64, so the /64 is one bucket.
func addressKey(ip string) string {
	a, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	if a.Is6() && !a.Is4In6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.Unmap().String()
}
