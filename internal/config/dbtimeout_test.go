package config

import (
	"strings"
	"testing"
	"time"
)

func TestDatabaseTimeoutDefaultsToTenSecondsAndMustBePositive(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil || cfg.DBTimeout != 10*time.Second {
		t.Fatalf("default DBTimeout %v, err %v", cfg.DBTimeout, err)
	}
	cfg, err = Load(newFlags(), []string{"--db-timeout", "2s"}, env(map[string]string{"CASEWARD_DB_TIMEOUT": "5s"}))
	if err != nil || cfg.DBTimeout != 2*time.Second {
		t.Fatalf("flag over environment: %v, err %v", cfg.DBTimeout, err)
	}
	for _, bad := range []string{"0s", "-1s", "soon"} {
		_, err := Load(newFlags(), nil, env(map[string]string{"CASEWARD_DB_TIMEOUT": bad}))
		if err == nil || !strings.HasPrefix(err.Error(), "CASEWARD_DB_TIMEOUT:") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}
