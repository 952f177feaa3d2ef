package config

import (
	"strings"
	"testing"
	"time"
)

func TestLoadCache(t *testing.T) {
	got, err := LoadCache(env(nil))
	if err != nil || got != DefaultCache() {
		t.Errorf("LoadCache() with nothing set = %+v, %v; want the defaults %+v", got, err, DefaultCache())
	}
	got, err = LoadCache(env(map[string]string{"CACHE_TTL": "5m", "CACHE_SIZE": "500"}))
	if want := (Cache{TTL: 5 * time.Minute, Size: 500}); err != nil || got != want {
		t.Errorf("LoadCache() = %+v, %v; want %+v", got, err, want)
	}
}

func TestLoadCacheNamesBadVariables(t *testing.T) {
	_, err := LoadCache(env(map[string]string{"CACHE_TTL": "soon", "CACHE_SIZE": "-1"}))
	if err == nil {
		t.Fatal("LoadCache() accepted CACHE_TTL=soon and CACHE_SIZE=-1")
	}
	for _, want := range []string{`CACHE_TTL="soon": want a duration`, `CACHE_SIZE="-1": want a positive whole number`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("LoadCache() = %v, want it to say %s", err, want)
		}
	}
}
