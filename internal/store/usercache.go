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

// userCache remembers signed-in users by sign-in session (refresh-token
// family): one query answers both who the user is and whether the session
// is live.
type userCache struct {
	mu      sync.Mutex
	entries map[uuid.UUID]cachedUser
}

type cachedUser struct {
	user  users.User
	live  bool // the session has a token that is not revoked
	until time.Time
}

func newUserCache() *userCache { return &userCache{entries: map[uuid.UUID]cachedUser{}} }

func (c *userCache) get(session uuid.UUID, now time.Time) (cachedUser, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[session]
	if !ok || now.After(e.until) {
		return cachedUser{}, false
	}
	return e, true
}

func (c *userCache) put(session uuid.UUID, e cachedUser, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedUsers {
		for id, e := range c.entries {
			if now.After(e.until) {
				delete(c.entries, id)
			}
		}
		if len(c.entries) >= maxCachedUsers {
			clear(c.entries)
		}
	}
	e.until = now.Add(signedInUserTTL)
	c.entries[session] = e
}

// forgetUser drops every session of a user; a rare change, so a scan will do.
func (c *userCache) forgetUser(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for session, e := range c.entries {
		if e.user.ID == id {
			delete(c.entries, session)
		}
	}
}

func (c *userCache) forgetSession(session uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, session)
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
	db.forget(ctx, func() { db.signedIn.forgetUser(id); db.keys.forgetUser(id) })
}

// forgetSession drops an ended sign-in session from the cache, likewise.
func (db *DB) forgetSession(ctx context.Context, session uuid.UUID) {
	db.forget(ctx, func() { db.signedIn.forgetSession(session) })
}

func (db *DB) forget(ctx context.Context, f func()) {
	f()
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.afterCommit = append(st.afterCommit, f)
	}
}
