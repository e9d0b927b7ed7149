package api

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/api/gen"
)

// TestStreamingOperationsExist keeps the list of operations exempt from the
// request timeout in step with the contract.
func TestStreamingOperationsExist(t *testing.T) {
	spec, err := gen.GetSpec()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, item := range spec.Paths.Map() {
		for _, op := range item.Operations() {
			known[strings.ToLower(op.OperationID)] = true
		}
	}
	for id := range streaming {
		if !known[id] {
			t.Errorf("%s is not an operation of the contract", id)
		}
	}
}

// recordedDeadlines is a deadlineReader over n bytes that records every
// deadline it sets.
func recordedDeadlines(n int, window time.Duration, step int64) (*deadlineReader, *[]time.Time) {
	var set []time.Time
	r := &deadlineReader{
		body:        io.NopCloser(bytes.NewReader(make([]byte, n))),
		setDeadline: func(t time.Time) error { set = append(set, t); return nil },
		window:      window,
		step:        step,
	}
	return r, &set
}

func TestUploadDeadlineMovesOnWithProgressOnly(t *testing.T) {
	r, set := recordedDeadlines(100<<10, time.Minute, 64<<10)
	start := time.Now()
	r.moveDeadline(start.Add(time.Minute))
	buf := make([]byte, 32<<10)
	r.Read(buf)
	if len(*set) != 1 {
		t.Fatalf("32 KiB moved the deadline: %v", *set)
	}
	r.Read(buf)
	if len(*set) != 2 || (*set)[1].Before(start.Add(time.Minute)) {
		t.Fatalf("64 KiB did not move the deadline on: %v", *set)
	}
}

func TestTimeTheServerSpendsBetweenReadsIsNotTheClients(t *testing.T) {
	r, set := recordedDeadlines(100<<10, time.Minute, 64<<10)
	first := time.Now().Add(time.Minute)
	r.moveDeadline(first)
	buf := make([]byte, 1<<10)
	r.Read(buf)
	time.Sleep(2 * serverPause) // writing what it read to slow storage
	r.Read(buf)
	if moved := (*set)[len(*set)-1].Sub(first); moved < 2*serverPause {
		t.Fatalf("the deadline moved on by %v after a %v pause between reads", moved, 2*serverPause)
	}
}

func TestJSONBodyDeadlineIsFixedThenLifted(t *testing.T) {
	r, set := recordedDeadlines(10, time.Second, 0)
	r.moveDeadline(time.Now().Add(time.Second))
	r.Read(make([]byte, 4))
	time.Sleep(2 * serverPause)
	if len(*set) != 1 {
		t.Fatalf("a JSON body's deadline moved: %v", *set)
	}
	io.ReadAll(r)
	if last := (*set)[len(*set)-1]; !last.IsZero() {
		t.Fatalf("the deadline was not lifted at the end of the body: %v", last)
	}
}
