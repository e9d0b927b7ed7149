package config

import (
	"fmt"
	"strconv"
)

// DefaultDBMaxConns is the request pool's size when CASEWARD_DB_MAX_CONNS is
// not set: 32 connections, and 6 more for the deliveries, the leader and the
// listener make 38 per replica (docs/operations.md, Connections).
const DefaultDBMaxConns = 32

// dbPoolSettings size the PostgreSQL pool (issue 25: replicas on one
// PostgreSQL share its max_connections).
var dbPoolSettings = []setting{
	{env: "CASEWARD_DB_MAX_CONNS", flag: "db-max-conns", def: strconv.Itoa(DefaultDBMaxConns),
		usage: "most PostgreSQL connections the requests' pool holds (1 to 1000); each replica opens 6 more (deliveries, leader, listener), so PostgreSQL's max_connections needs replicas × (this + 6) + 10; ignored on SQLite",
		parse: func(c *Config, v string) error {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > 1000 {
				return fmt.Errorf("want a whole number of connections from 1 to 1000, got %q", v)
			}
			c.DBMaxConns = n
			return nil
		}},
}
