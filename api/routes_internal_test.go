package api

import (
	"strings"
	"testing"
)

// TestStreamingOperationsExist keeps the list of operations exempt from the
// request timeout in step with the contract.
func TestStreamingOperationsExist(t *testing.T) {
	ct, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, op := range ct.ops {
		known[strings.ToLower(op.ID)] = true
	}
	for id := range streaming {
		if !known[id] {
			t.Errorf("%s is not an operation of the contract", id)
		}
	}
}
