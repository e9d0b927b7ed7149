package main

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// notesScenario is the name -only matches for measureNotes.
const notesScenario = "notes on one case"

// measureNotes adds notes of 20 000 characters (the contract's most) one
// after another to one new case, as a department head's only write can, and
// compares the last with the first: each note should cost as much as itself,
// whatever the case already holds (target: the last within 2× the first).
// Meanwhile another connection creates unrelated cases, whose latency shows
// whether a note holds up the database's other writers (SQLite has one).
func measureNotes(s *server, token string, notes int) (map[string]float64, error) {
	caseID, _, err := s.createCase(token, "Benchmark: many long notes")
	if err != nil {
		return nil, err
	}
	body := noteBody(20000)
	stop := make(chan struct{})
	var creations []float64
	var createErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			start := time.Now()
			if _, _, err := s.createCase(token, "Benchmark: unrelated case"); err != nil {
				createErr = err
				return
			}
			creations = append(creations, ms(time.Since(start)))
		}
	})
	took := make([]float64, notes)
	for i := range notes {
		start := time.Now()
		if _, err := s.json(http.MethodPost, "/cases/"+caseID+"/notes", token, map[string]string{"kind": "update", "body": body}, http.StatusCreated, nil); err != nil {
			close(stop)
			wg.Wait()
			return nil, fmt.Errorf("note %d: %w", i+1, err)
		}
		took[i] = ms(time.Since(start))
	}
	close(stop)
	wg.Wait()
	if createErr != nil {
		return nil, createErr
	}
	// The median of the first five and of the last five: one request alone is
	// at the mercy of the shared machine.
	first, last := median(took[:min(5, notes)]), median(took[max(0, notes-5):])
	r := map[string]float64{"notes": float64(notes), "note_chars": 20000, "first_notes_ms": first, "last_notes_ms": last,
		"ratio_last_to_first": last / first, "target_ratio": 2, "slowest_note_ms": slices.Max(took)}
	if len(creations) > 0 {
		slices.Sort(creations)
		r["creations_meanwhile"] = float64(len(creations))
		r["creation_p50_ms"] = creations[len(creations)/2]
		r["creation_max_ms"] = creations[len(creations)-1]
	}
	return r, nil
}

// noteBody is n characters of the seed's kind of prose.
func noteBody(n int) string {
	const sentence = "The firewall logs show repeated logins from a foreign address; host isolated for imaging. "
	return strings.TrimSpace(strings.Repeat(sentence, n/len(sentence)+1)[:n])
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func printNotes(r map[string]float64) {
	if r == nil {
		return
	}
	verdict := map[bool]string{true: "met", false: "MISSED"}[r["ratio_last_to_first"] <= r["target_ratio"]]
	fmt.Printf("%-32s first %.1f ms, note %.0f %.1f ms (median of five each): %.2f× (target ≤ 2×: %s), slowest %.0f ms\n",
		notesScenario, r["first_notes_ms"], r["notes"], r["last_notes_ms"], r["ratio_last_to_first"], verdict, r["slowest_note_ms"])
	fmt.Printf("%-32s %.0f unrelated creations meanwhile: p50 %.1f ms, slowest %.0f ms\n", "", r["creations_meanwhile"], r["creation_p50_ms"], r["creation_max_ms"])
}
