package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// expected are the answers a client may get while a replica or the database
// is down: the balancer's 502/503/504, a replica's 503 (database unavailable),
// a connection cut. Anything else not 2xx is a failure of the cluster.
var expected = map[string]bool{"502": true, "503": true, "504": true, "transport error": true}

// report prints what happened and every check, adding one on the answers;
// it returns whether every check passed.
func report(o options, c *cluster, checks []check, faults []fault, began time.Time) bool {
	_, counts, failures := c.ledger.snapshot()
	total, good := 0, 0
	byKind := map[string]int{}
	fmt.Printf("\nCaseward cluster test, %s profile: %d replicas behind HAProxy, PostgreSQL and an S3 store of their own; %d workers and a slow uploader for %s\n",
		o.profile, o.replicas, o.workers, o.duration)
	fmt.Println("requests through the balancer:")
	for _, op := range slices.Sorted(maps.Keys(counts)) {
		var parts []string
		n := 0
		for _, k := range slices.Sorted(maps.Keys(counts[op])) {
			parts = append(parts, fmt.Sprintf("%s %d", k, counts[op][k]))
			n += counts[op][k]
			byKind[k] += counts[op][k]
		}
		total += n
		good += counts[op]["2xx"]
		fmt.Printf("  %-16s %6d  %s\n", op, n, strings.Join(parts, ", "))
	}
	fmt.Printf("  %-16s %6d  2xx %d, not 2xx %d\n", "all", total, good, total-good)

	// Errors belong to a fault when they come from it until it recovered, and a
	// few seconds on (requests sent just before it answered after it).
	unexpected, outside := map[string]int{}, 0
	during := make([]map[string]int, len(faults))
	for _, f := range failures {
		if !expected[f.kind] {
			unexpected[f.op+" "+f.kind]++
			continue
		}
		in := false
		for i, ft := range faults {
			if !in && !f.at.Before(ft.at) && f.at.Before(ft.at.Add(ft.recovered+5*time.Second)) {
				in = true
				if during[i] == nil {
					during[i] = map[string]int{}
				}
				during[i][f.kind]++
			}
		}
		if !in {
			outside++
		}
	}
	fmt.Println("faults, and the errors clients saw from each until it recovered (and 5 s on):")
	for i, f := range faults {
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(during[i])) {
			parts = append(parts, fmt.Sprintf("%s %d", k, during[i][k]))
		}
		if len(parts) == 0 {
			parts = []string{"none"}
		}
		fmt.Printf("  %s\n      errors: %s\n", f, strings.Join(parts, ", "))
	}
	fmt.Printf("errors outside the faults: %d; answers of other kinds (neither 2xx, 502/503/504 nor a cut connection): %d\n", outside, len(unexpected))
	var faultErr error
	for _, f := range faults {
		if f.err != nil {
			faultErr = fmt.Errorf("%s: %w", f.what, f.err)
		}
	}
	caught := 0
	for _, f := range faults {
		if f.midUpload {
			caught++
		}
	}
	if faultErr == nil && o.kills > 0 && caught == 0 {
		faultErr = fmt.Errorf("no kill landed mid-upload")
	}
	checks = append(checks,
		check{fmt.Sprintf("every fault injected and recovered from (%d kills, %d of them mid-upload; %d PostgreSQL restarts)", o.kills, caught, o.pgRestarts), faultErr},
		check{"no answer but 2xx, or 502/503/504 and cut connections during a fault", answersErr(unexpected, outside)})

	fmt.Println("checks:")
	ok := true
	for _, ch := range checks {
		mark := "PASS"
		if ch.err != nil {
			mark, ok = "FAIL", false
		}
		fmt.Printf("  %s  %s\n", mark, ch.name)
		if ch.err != nil {
			fmt.Printf("        %v\n", ch.err)
		}
	}
	fmt.Printf("%d of %d checks passed in %s\n", countPassed(checks), len(checks), time.Since(began).Round(time.Second))
	return ok
}

func answersErr(unexpected map[string]int, outside int) error {
	var problems []string
	for _, k := range slices.Sorted(maps.Keys(unexpected)) {
		problems = append(problems, fmt.Sprintf("%s: %d", k, unexpected[k]))
	}
	if outside > 0 {
		problems = append(problems, fmt.Sprintf("%d errors outside the faults", outside))
	}
	return joinProblems(problems)
}

func countPassed(checks []check) int {
	n := 0
	for _, c := range checks {
		if c.err == nil {
			n++
		}
	}
	return n
}
