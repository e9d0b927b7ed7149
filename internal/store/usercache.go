package store

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/apperr"
	"github.com/caseward/caseward/internal/users"
)

// signedInUserTTL is how long a signed-in user and the state of their sign-in
// are remembered. Authentication reads both on every request (so that a
// disabled account or an ended sign-in is refused before its token expires);
// remembering them briefly saves a query per request. A change made through
// this process forgets them as its transaction commits; other replicas see it
// within the TTL.
const signedInUserTTL = time.Second

// maxCachedUsers bounds the cache; past it, expired entries are dropped.
const maxCachedUsers = 10_000

// ttlCache remembers values for signedInUserTTL, at most maxCachedUsers of
// them: authentication's signed-in users (by sign-in session) and API keys
// (by key).
type ttlCache[K comparable, V any] struct {
	mu      sync.Mutex
	entries map[K]ttlEntry[V]
}

type ttlEntry[V any] struct {
	v     V
	until time.Time
}

func newTTLCache[K comparable, V any]() *ttlCache[K, V] {
	return &ttlCache[K, V]{entries: map[K]ttlEntry[V]{}}
}

func (c *ttlCache[K, V]) get(k K, now time.Time) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok || now.After(e.until) {
		var zero V
		return zero, false
	}
	return e.v, true
}

func (c *ttlCache[K, V]) put(k K, v V, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedUsers {
		for k, e := range c.entries {
			if now.After(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= maxCachedUsers {
			clear(c.entries)
		}
	}
	c.entries[k] = ttlEntry[V]{v: v, until: now.Add(signedInUserTTL)}
}

// change applies f to k's value, if it is remembered, keeping its expiry.
func (c *ttlCache[K, V]) change(k K, f func(*V)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[k]; ok {
		f(&e.v)
		c.entries[k] = e
	}
}

func (c *ttlCache[K, V]) forget(k K) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, k)
}

// forgetWhere drops every value that matches; rare changes, so a scan will do.
func (c *ttlCache[K, V]) forgetWhere(match func(V) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.entries {
		if match(e.v) {
			delete(c.entries, k)
		}
	}
}

// cachedUser is a signed-in user with whether their sign-in session is live
// (it has a refresh token that is not revoked): one query answers both.
type cachedUser struct {
	user users.User
	live bool
}

type signedInRow struct {
	User        userRow `gorm:"embedded"`
	SessionLive bool
}

// SignedInUser returns the user an access token names and whether the sign-in
// session it was issued in is live (it has a refresh token that is not
// revoked), in one query, remembered for at most signedInUserTTL. Inside a
// transaction it always reads the database.
func (db *DB) SignedInUser(ctx context.Context, id, session uuid.UUID) (users.User, bool, error) {
	_, inTx := ctx.Value(txKey{}).(*txState)
	now := time.Now()
	if !inTx {
		if e, ok := db.signedIn.get(session, now); ok && e.user.ID == id {
			return e.user, e.live, nil
		}
	}
	var row signedInRow
	res := db.reader(ctx).Raw(`SELECT users.*, EXISTS (SELECT 1 FROM refresh_tokens r
  WHERE r.family_id = ? AND r.user_id = users.id AND r.revoked_at IS NULL) AS session_live
FROM users WHERE users.id = ?`, session, id).Scan(&row)
	if res.Error != nil {
		return users.User{}, false, translate(res.Error, "user")
	}
	if res.RowsAffected == 0 {
		return users.User{}, false, apperr.NotFoundf("user not found")
	}
	u := row.User.toDomain()
	if !inTx {
		db.signedIn.put(session, cachedUser{user: u, live: row.SessionLive}, now)
	}
	return u, row.SessionLive, nil
}

// forgetUser drops a changed user from the cache when the change commits (and
// at once, so that the transaction's own reads never see the old user).
func (db *DB) forgetUser(ctx context.Context, id uuid.UUID) {
	db.forget(ctx, func() {
		db.signedIn.forgetWhere(func(e cachedUser) bool { return e.user.ID == id })
		db.keys.forgetWhere(func(e cachedKey) bool { return e.user.ID == id })
	})
}

// forgetSession drops an ended sign-in session from the cache, likewise.
func (db *DB) forgetSession(ctx context.Context, session uuid.UUID) {
	db.forget(ctx, func() { db.signedIn.forget(session) })
}

func (db *DB) forget(ctx context.Context, f func()) {
	f()
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.afterCommit = append(st.afterCommit, f)
	}
}
