package api_test

import (
	"fmt"
	"testing"

	"github.com/caseward/caseward/internal/store"
)

// TestFuzzSeedsOnPostgres replays every fuzz target's seeds on PostgreSQL
// (fuzzing itself runs on SQLite): what one engine forgives, the other may not.
func TestFuzzSeedsOnPostgres(t *testing.T) {
	t.Parallel()
	l := newListEnv(t, store.Postgres)
	e := l.fuzzEnv
	replay := func(name string, seeds []string, check func(*testing.T, *fuzzEnv, string)) {
		for i, s := range seeds {
			t.Run(fmt.Sprintf("%s/%d", name, i), func(t *testing.T) { check(t, e, s) })
		}
	}
	replay("create case", caseBodySeeds, checkCreateCase)
	replay("suspend service", suspensionBodySeeds, checkSuspendService)
	replay("create milestone", milestoneBodySeeds, checkCreateMilestone)
	for i, s := range cursorSeeds {
		t.Run(fmt.Sprintf("list cursors/%d", i), func(t *testing.T) { checkListCursors(t, e, s.cursor, s.encode) })
	}
	for i, s := range uploadSeeds {
		t.Run(fmt.Sprintf("upload evidence/%d", i), func(t *testing.T) { checkUpload(t, e, s, s.file != nil) })
	}
	for i, body := range multipartSeeds {
		t.Run(fmt.Sprintf("upload multipart/%d", i), func(t *testing.T) { checkMultipart(t, e, multipartTypes[0], []byte(body)) })
	}
	for i, ct := range multipartTypes {
		t.Run(fmt.Sprintf("upload content type/%d", i), func(t *testing.T) { checkMultipart(t, e, ct, []byte(multipartSeeds[0])) })
	}
	for i, h := range authHeaderSeeds {
		t.Run(fmt.Sprintf("authorization/%d", i), func(t *testing.T) { checkAuthorizationHeader(t, e, h) })
	}
	r := &refreshEnv{fuzzEnv: e}
	for i, s := range refreshSeeds {
		t.Run(fmt.Sprintf("refresh/%d", i), func(t *testing.T) { checkRefresh(t, r, s.body, s.logout) })
	}
	for i, s := range listQuerySeeds {
		t.Run(fmt.Sprintf("list cases/%d", i), func(t *testing.T) { checkListCases(t, l, s.query, s.cursor) })
	}
}
