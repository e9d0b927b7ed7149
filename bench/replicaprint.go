package main

import (
	"fmt"
	"slices"
	"strings"
)

// printReplicas prints each run's scenarios with the cores each part used
// and what the database's backends were doing, then requests a second side
// by side.
func printReplicas(r *replicasResults) {
	fmt.Printf("\nreplicas on PostgreSQL: %d cases, %d connections, %.0fs per scenario; max_connections %d, %d in use at the start\n",
		r.Cases, r.Conns, r.Seconds, r.MaxConnections, r.InUseAtStart)
	parts := []string{"machine", "replicas", "haproxy", "postgres", "floor", "load generator", "other"}
	fmt.Printf("%-40s %8s %7s %7s %7s %6s  cores: %s\n", "", "req/s", "×floor", "p50 ms", "p99 ms", "errors", strings.Join(parts, " / "))
	for _, run := range r.Runs {
		fmt.Printf("%s (request pool %d each)\n", run.label(), run.PoolSize)
		for _, l := range run.Load {
			cores := make([]string, len(parts))
			for i, p := range parts {
				cores[i] = fmt.Sprintf("%.2f", l.CPU[p])
			}
			fmt.Printf("  %-38s %8.0f %7.3f %7.2f %7.2f %6d  %s\n", l.Name, l.PerSecond, l.RatioToFloor, l.P50, l.P99, l.Errors, strings.Join(cores, " / "))
			if b := l.Backends; b != nil && !strings.HasPrefix(l.Name, "floor") {
				fmt.Printf("    PostgreSQL backends: running %.1f, audit lock %.1f, row locks %.1f, other locks %.1f, WAL %.1f, LWLock %.1f, idle in transaction %.1f\n",
					b["running"], b["audit_lock"], b["row_lock"], b["other_lock"], b["wal"], b["lwlock"], b["idle_in_transaction"])
			}
		}
	}
	fmt.Printf("\n%-40s", "requests a second")
	for _, run := range r.Runs {
		fmt.Printf(" %18s", run.label())
	}
	fmt.Println()
	for _, l := range r.Runs[len(r.Runs)-1].Load {
		fmt.Printf("%-40s", l.Name)
		for _, run := range r.Runs {
			v := "-"
			if i := slices.IndexFunc(run.Load, func(x replicaLoad) bool { return x.Name == l.Name }); i >= 0 {
				v = fmt.Sprintf("%.0f", run.Load[i].PerSecond)
			}
			fmt.Printf(" %18s", v)
		}
		fmt.Println()
	}
	for _, run := range r.Runs {
		for _, l := range run.Load {
			if l.FirstErr != "" {
				fmt.Printf("first error of %s, %s: %s\n", l.Name, run.label(), l.FirstErr)
			}
		}
	}
}
