package config

import (
	"strings"
	"testing"
)

func TestDatabasePoolDefaultsTo32AndIsBounded(t *testing.T) {
	cfg, err := Load(newFlags(), nil, env(nil))
	if err != nil || cfg.DBMaxConns != 32 {
		t.Fatalf("default DBMaxConns %d, err %v", cfg.DBMaxConns, err)
	}
	cfg, err = Load(newFlags(), []string{"--db-max-conns", "20"}, env(map[string]string{"CASEWARD_DB_MAX_CONNS": "10"}))
	if err != nil || cfg.DBMaxConns != 20 {
		t.Fatalf("flag over environment: %d, err %v", cfg.DBMaxConns, err)
	}
	for _, bad := range []string{"0", "-1", "1001", "many"} {
		_, err := Load(newFlags(), nil, env(map[string]string{"CASEWARD_DB_MAX_CONNS": bad}))
		if err == nil || !strings.HasPrefix(err.Error(), "CASEWARD_DB_MAX_CONNS:") {
			t.Errorf("%q: err %v", bad, err)
		}
	}
}
