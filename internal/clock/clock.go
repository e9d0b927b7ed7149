// Package clock is the time the domain records things at. It is the wall
// clock, except for code that writes a history that happened earlier (the
// seed), which sets the time on the context it passes down. Nothing reachable
// from a request sets it.
package clock

import (
	"context"
	"time"
)

type key struct{}

// At returns a context whose clock reads t.
func At(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, key{}, t.UTC().Truncate(time.Microsecond))
}

// Now is the time for ctx, in UTC to the microsecond (what both databases
// keep): the time set with At, or the wall clock.
func Now(ctx context.Context) time.Time {
	if t, ok := ctx.Value(key{}).(time.Time); ok {
		return t
	}
	return time.Now().UTC().Truncate(time.Microsecond)
}
