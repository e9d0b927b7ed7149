package httpx

import (
	"bytes"
	"io"
	"testing"
	"time"
)

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

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// read reads into buf, which the body fills without reaching its end.
func read(t *testing.T, r *deadlineReader, buf []byte) {
	t.Helper()
	if _, err := r.Read(buf); err != nil {
		t.Fatal(err)
	}
}

func TestUploadDeadlineMovesOnWithProgressOnly(t *testing.T) {
	r, set := recordedDeadlines(100<<10, time.Minute, 64<<10)
	start := time.Now()
	must(t, r.moveDeadline(start.Add(time.Minute)))
	buf := make([]byte, 32<<10)
	read(t, r, buf)
	if len(*set) != 1 {
		t.Fatalf("32 KiB moved the deadline: %v", *set)
	}
	read(t, r, buf)
	if len(*set) != 2 || (*set)[1].Before(start.Add(time.Minute)) {
		t.Fatalf("64 KiB did not move the deadline on: %v", *set)
	}
}

func TestTimeTheServerSpendsBetweenReadsIsNotTheClients(t *testing.T) {
	r, set := recordedDeadlines(100<<10, time.Minute, 64<<10)
	first := time.Now().Add(time.Minute)
	must(t, r.moveDeadline(first))
	buf := make([]byte, 1<<10)
	read(t, r, buf)
	time.Sleep(2 * serverPause) // writing what it read to slow storage
	read(t, r, buf)
	if moved := (*set)[len(*set)-1].Sub(first); moved < 2*serverPause {
		t.Fatalf("the deadline moved on by %v after a %v pause between reads", moved, 2*serverPause)
	}
}

func TestJSONBodyDeadlineIsFixedThenLifted(t *testing.T) {
	r, set := recordedDeadlines(10, time.Second, 0)
	must(t, r.moveDeadline(time.Now().Add(time.Second)))
	read(t, r, make([]byte, 4))
	time.Sleep(2 * serverPause)
	if len(*set) != 1 {
		t.Fatalf("a JSON body's deadline moved: %v", *set)
	}
	if _, err := io.ReadAll(r); err != nil {
		t.Fatal(err)
	}
	if last := (*set)[len(*set)-1]; !last.IsZero() {
		t.Fatalf("the deadline was not lifted at the end of the body: %v", last)
	}
}
