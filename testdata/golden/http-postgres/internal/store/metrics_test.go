package store

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/acme/inventory/internal/config"
)

// The collector reads the pool's limit and state; the registry checks that what
// it collects matches what it describes. Opening connects to nothing, so this
// needs no server.
func TestCollectorReadsThePool(t *testing.T) {
	cfg, err := config.LoadDatabase(func(k string) string {
		return map[string]string{"DB_MAX_OPEN_CONNS": "7", "DB_MAX_IDLE_CONNS": "7"}[k]
	})
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg := prometheus.NewRegistry()
	reg.MustRegister(db.Collector())
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	for _, f := range families {
		m := f.GetMetric()[0]
		if l := m.GetLabel(); len(l) != 1 || l[0].GetName() != "db_name" || l[0].GetValue() != "inventory" {
			t.Errorf("%s has labels %v, want db_name=inventory", f.GetName(), l)
		}
		got[f.GetName()] = m.GetGauge().GetValue() + m.GetCounter().GetValue()
	}
	if len(got) != len(poolDescs) || got["go_sql_max_open_connections"] != 7 || got["go_sql_open_connections"] != 0 {
		t.Errorf("collected %v, want %d metrics, 7 connections at most and none open", got, len(poolDescs))
	}
}
