package config

import (
	"reflect"
	"strings"
	"testing"
)

func TestAPIKeys(t *testing.T) {
	c, err := Load(env(map[string]string{"API_KEYS": " key-one-0123456789abcdef , ,key-two-0123456789abcdef"}))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"key-one-0123456789abcdef", "key-two-0123456789abcdef"}; !reflect.DeepEqual(c.Auth.APIKeys, want) || !c.Auth.Configured() {
		t.Errorf("APIKeys = %q, want %q", c.Auth.APIKeys, want)
	}
	if c, _ := Load(env(nil)); c.Auth.Configured() {
		t.Error("no API_KEYS: Configured() = true")
	}
}

func TestShortAPIKeyRefusedWithoutEcho(t *testing.T) {
	_, err := Load(env(map[string]string{"API_KEYS": "key-one-0123456789abcdef,hunter2"}))
	if err == nil || !strings.Contains(err.Error(), "API_KEYS") || !strings.Contains(err.Error(), "key 2") {
		t.Fatalf("Load() = %v, want an error naming API_KEYS key 2", err)
	}
	if strings.Contains(err.Error(), "hunter2") {
		t.Errorf("error %q echoes the key", err)
	}
}
