package api

import (
	"strings"
	"testing"

	"github.com/caseward/caseward/api/gen"
)

// TestStreamingOperationsExist keeps the list of operations exempt from the
// request timeout in step with the contract.
func TestStreamingOperationsExist(t *testing.T) {
	t.Parallel()
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
