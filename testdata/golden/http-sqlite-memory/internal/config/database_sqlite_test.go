package config

import (
	"strings"
	"testing"
)

func TestSQLiteDatabaseURL(t *testing.T) {
	for _, tt := range []struct{ url, path string }{
		{"", "./data/catalog.db"},
		{"/var/lib/catalog/catalog.db", "/var/lib/catalog/catalog.db"},
		{"file:./data/x.db", "./data/x.db"},
		{"file:///var/lib/x.db", "/var/lib/x.db"},
	} {
		d, err := LoadDatabase(func(k string) string {
			if k == "DATABASE_URL" {
				return tt.url
			}
			return ""
		})
		if err != nil || SQLitePath(d.URL) != tt.path {
			t.Errorf("DATABASE_URL=%q: path %q, %v; want %q", tt.url, SQLitePath(d.URL), err, tt.path)
		}
	}
}

// URLs that cannot work are refused at start-up, by name, with what is wanted.
func TestSQLiteDatabaseURLRefused(t *testing.T) {
	for _, url := range []string{":memory:", "file::memory:", "file:x.db?mode=memory", "./data/x.db?_journal_mode=DELETE", "file:"} {
		_, err := LoadDatabase(func(k string) string {
			if k == "DATABASE_URL" {
				return url
			}
			return ""
		})
		if err == nil || !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), "want") {
			t.Errorf("DATABASE_URL=%q: %v, want an error naming DATABASE_URL and what it wants", url, err)
		}
	}
}
