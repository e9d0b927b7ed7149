package store_test

import (
	"testing"

	"github.com/caseward/caseward/internal/store/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }
