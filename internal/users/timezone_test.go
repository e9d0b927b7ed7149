package users_test

import (
	"testing"

	"github.com/caseward/caseward/internal/users"
)

func TestCheckTimeZone(t *testing.T) {
	for zone, ok := range map[string]bool{
		"": true, "Europe/Warsaw": true, "America/Argentina/Buenos_Aires": true, "UTC": true, "Asia/Kolkata": true,
		"Local": false, "Mars/Olympus_Mons": false, "europe/warsaw": false, " Europe/Warsaw": false, "../etc/passwd": false,
		"+02:00": false,
	} {
		if got := users.CheckTimeZone(zone) == ""; got != ok {
			t.Errorf("%q: accepted %v, want %v", zone, got, ok)
		}
	}
}
