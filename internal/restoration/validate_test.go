package restoration

import (
	"errors"
	"strings"
	"testing"

	"github.com/caseward/caseward/internal/apperr"
)

// Each text too long is named by its own field: a long workaround was once
// reported on impact.
func TestTooLongSuspensionTextIsNamedByItsOwnField(t *testing.T) {
	now := utc(2026, 12, 5, 12)
	long := strings.Repeat("é", 5001)
	for field, s := range map[string]Suspension{
		"impact":     {Reason: "r", DecidedBy: "d", SuspendedAt: now, Impact: long},
		"workaround": {Reason: "r", DecidedBy: "d", SuspendedAt: now, Workaround: long},
	} {
		var ae *apperr.Error
		if err := validateSuspension(s, now); !errors.As(err, &ae) || len(ae.Fields) != 1 || ae.Fields[0].Field != field {
			t.Errorf("a too-long %s: %v", field, err)
		}
	}
}
