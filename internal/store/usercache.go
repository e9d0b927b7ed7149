package store

import (
	"context"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/caseward/caseward/internal/users"
)

// signedInUserTTL is how long a signed-in user is remembered. Authentication
// reads the user on every request (so that a disabled account is refused before
// its token expires); remembering it briefly saves a query per request. A
// change made through this process forgets the user as its transaction
// commits; other replicas see it within the TTL.
const signedInUserTTL = time.Second

// maxCachedUsers bounds the cache; past it, expired entries are dropped.
const maxCachedUsers = 10_000

type userCache struct {
	mu      sync.Mutex
	entries map[uuid.UUID]cachedUser
}

type cachedUser struct {
	user  users.User
	until time.Time
}

func newUserCache() *userCache { return &userCache{entries: map[uuid.UUID]cachedUser{}} }

func (c *userCache) get(id uuid.UUID, now time.Time) (users.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || now.After(e.until) {
		return users.User{}, false
	}
	return e.user, true
}

func (c *userCache) put(u users.User, now time.Time) {
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
	c.entries[u.ID] = cachedUser{user: u, until: now.Add(signedInUserTTL)}
}

func (c *userCache) forget(id uuid.UUID) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, id)
}

// SignedInUser returns the user an access token names, remembered for at most
// signedInUserTTL. Inside a transaction it always reads the database.
func (db *DB) SignedInUser(ctx context.Context, id uuid.UUID) (users.User, error) {
	if _, inTx := ctx.Value(txKey{}).(*txState); inTx {
		return db.UserByID(ctx, id)
	}
	now := time.Now()
	if u, ok := db.signedIn.get(id, now); ok {
		return u, nil
	}
	u, err := db.UserByID(ctx, id)
	if err != nil {
		return u, err
	}
	db.signedIn.put(u, now)
	return u, nil
}

// forgetUser drops a changed user from the cache when the change commits (and
// at once, so that the transaction's own reads never see the old user).
func (db *DB) forgetUser(ctx context.Context, id uuid.UUID) {
	db.signedIn.forget(id)
	if st, ok := ctx.Value(txKey{}).(*txState); ok {
		st.afterCommit = append(st.afterCommit, func() { db.signedIn.forget(id) })
	}
}
