package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoadDatabaseDefaults(t *testing.T) {
	d, err := LoadDatabase(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if d != defaultDatabase() || d.URL == "" || !d.MigrateOnStart || d.ConnectTimeout <= 0 || d.MaxOpenConns < 1 {
		t.Errorf("LoadDatabase with nothing set = %+v, want the defaults, migrating on start", d)
	}
}

func TestLoadDatabaseReadsEveryVariable(t *testing.T) {
	vars := map[string]string{
		"DB_CONNECT_TIMEOUT":    "90s",
		"MIGRATE_ON_START":      "false",
		"DB_MAX_OPEN_CONNS":     "12",
		"DB_MAX_IDLE_CONNS":     "3",
		"DB_CONN_MAX_LIFETIME":  "30m",
		"DB_CONN_MAX_IDLE_TIME": "5m",
	}
	d, err := LoadDatabase(func(k string) string { return vars[k] })
	if err != nil {
		t.Fatal(err)
	}
	want := defaultDatabase()
	want.ConnectTimeout, want.MigrateOnStart = 90*time.Second, false
	want.MaxOpenConns, want.MaxIdleConns = 12, 3
	want.ConnMaxLifetime, want.ConnMaxIdleTime = 30*time.Minute, 5*time.Minute
	if d != want {
		t.Errorf("LoadDatabase = %+v, want %+v", d, want)
	}
}

// Every invalid variable is reported at once, each by name.
func TestLoadDatabaseNamesEveryInvalidVariable(t *testing.T) {
	vars := map[string]string{
		"DB_CONNECT_TIMEOUT":    "0s",
		"MIGRATE_ON_START":      "sometimes",
		"DB_MAX_OPEN_CONNS":     "-1",
		"DB_CONN_MAX_LIFETIME":  "forever",
		"DB_CONN_MAX_IDLE_TIME": "-5m",
	}
	_, err := LoadDatabase(func(k string) string { return vars[k] })
	if err == nil {
		t.Fatal("LoadDatabase accepted invalid values")
	}
	for name := range vars {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}

func TestLoadDatabaseIdleWithinOpen(t *testing.T) {
	vars := map[string]string{"DB_MAX_OPEN_CONNS": "1", "DB_MAX_IDLE_CONNS": "5"}
	_, err := LoadDatabase(func(k string) string { return vars[k] })
	if err == nil || !strings.Contains(err.Error(), "DB_MAX_IDLE_CONNS") {
		t.Errorf("LoadDatabase with more idle than open connections = %v, want an error naming DB_MAX_IDLE_CONNS", err)
	}
	// A smaller pool alone takes the idle count down with it.
	delete(vars, "DB_MAX_IDLE_CONNS")
	d, err := LoadDatabase(func(k string) string { return vars[k] })
	if err != nil || d.MaxOpenConns != 1 || d.MaxIdleConns != 1 {
		t.Errorf("LoadDatabase with DB_MAX_OPEN_CONNS=1 = %+v, %v; want 1 open and 1 idle", d, err)
	}
}
