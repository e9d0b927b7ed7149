package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// verify checks the cluster after the load.
func (c *cluster) verify(ctx context.Context, o options, db *sql.DB, admin *client, writes []write, clients []*client) []check {
	env := []string{"DATABASE_URL=" + c.pg.URL(), "CASEWARD_BLOB_URL=" + c.blobURL, "CASEWARD_DATA_DIR=" + c.replicas[0].DataDir}
	var checks []check
	add := func(name string, err error) { checks = append(checks, check{name, err}) }

	add(fmt.Sprintf("each of the %d writes answered 2xx is in the database exactly once; no request's write is there twice", len(writes)),
		exactlyOnce(ctx, db, writes))
	out, err := verifyCommand(ctx, o.bin, env, "audit", "verify")
	add("caseward audit verify: "+firstLine(out), err)
	line, err := evidenceClean(ctx, o.bin, env)
	add("caseward evidence verify-all: "+line, err)
	n, err := filesStored(ctx, db, c.blobURL)
	add(fmt.Sprintf("the files of all %d evidence items are in the bucket", n), err)
	add("the replicas saw each client's own address through the balancer (X-Forwarded-For), never the balancer's", clientAddresses(ctx, db, clients))
	last, err := c.disabledEverywhere(ctx, admin)
	add(fmt.Sprintf("a user disabled through %s is refused by every replica within a second (last request served: sent %s after)", c.replicas[0].Name, last.Round(time.Millisecond)), err)
	add("6 wrong passwords spread over the replicas: the 6th is 429, then the right one is 429 on every replica", c.signInThrottled(ctx, admin))
	summary, err := c.rateLimitedPerReplica(ctx, admin, 20, 100)
	add("a user's rate limit is per replica, up to N times the rate: "+summary, err)
	return checks
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}
