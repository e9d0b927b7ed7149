package evidence

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/caseward/caseward/internal/apperr"
)

// Each text too long is named by its own field: a long source was once
// reported on description.
func TestTooLongTextIsNamedByItsOwnField(t *testing.T) {
	now := time.Date(2026, 12, 5, 12, 0, 0, 0, time.UTC)
	for field, it := range map[string]Item{
		"description": {Title: "t", Kind: "log", Description: strings.Repeat("é", 20001)},
		"source":      {Title: "t", Kind: "log", Source: strings.Repeat("é", 1001)},
	} {
		var ae *apperr.Error
		if err := validate(it, now); !errors.As(err, &ae) || len(ae.Fields) != 1 || ae.Fields[0].Field != field {
			t.Errorf("a too-long %s: %v", field, err)
		}
	}
	if err := validate(Item{Title: "t", Kind: "log", Description: strings.Repeat("é", 20000), Source: strings.Repeat("é", 1000)}, now); err != nil {
		t.Errorf("text at its limits: %v", err)
	}
}
