package config

import (
	"log/slog"
	"net/netip"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// env turns a map into a getenv function, so tests never touch the real environment.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func TestLoadDefaults(t *testing.T) {
	got, err := Load(env(nil))
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	if !reflect.DeepEqual(got, Default()) {
		t.Errorf("Load() = %+v, want defaults %+v", got, Default())
	}
	if got.HTTPAddr != ":8080" || got.LogLevel != slog.LevelInfo {
		t.Errorf("HTTPAddr, LogLevel = %q, %v; want :8080, INFO", got.HTTPAddr, got.LogLevel)
	}
}

func TestLoadOverrides(t *testing.T) {
	got, err := Load(env(map[string]string{
		"HTTP_ADDR":              "127.0.0.1:9090",
		"GRPC_ADDR":              "127.0.0.1:9191",
		"GRPC_MAX_HEADER_BYTES":  "32768",
		"LOG_LEVEL":              "debug",
		"HTTP_READ_TIMEOUT":      "5s",
		"HTTP_WRITE_TIMEOUT":     "1m",
		"HTTP_IDLE_TIMEOUT":      "90s",
		"SHUTDOWN_DRAIN_DELAY":   "5s",
		"SHUTDOWN_TIMEOUT":       "20s",
		"SHUTDOWN_GRACE_PERIOD":  "40s",
		"REQUEST_TIMEOUT":        "3s",
		"RATE_LIMIT_RPS":         "2.5",
		"RATE_LIMIT_BURST":       "10",
		"RATE_LIMIT_MAX_CLIENTS": "500",
		"TRUSTED_PROXIES":        "10.0.0.0/8, 192.168.1.7",
		"CORS_ALLOWED_ORIGINS":   "https://app.example.com,http://localhost:3000",
	}))
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	want := Config{
		HTTPAddr:            "127.0.0.1:9090",
		LogLevel:            slog.LevelDebug,
		HTTPReadTimeout:     5 * time.Second,
		HTTPWriteTimeout:    time.Minute,
		HTTPIdleTimeout:     90 * time.Second,
		ShutdownDrainDelay:  5 * time.Second,
		ShutdownTimeout:     20 * time.Second,
		ShutdownGracePeriod: 40 * time.Second,
		API: API{
			RequestTimeout:   3 * time.Second,
			RateLimitRPS:     2.5,
			RateLimitBurst:   10,
			RateLimitClients: 500,
			TrustedProxies:   []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.1.7/32")},
		},
		HTTPAPI: HTTPAPI{CORSAllowedOrigins: []string{"https://app.example.com", "http://localhost:3000"}},
		GRPC:    GRPC{Addr: "127.0.0.1:9191", MaxHeaderBytes: 32 << 10},
		Auth:    got.Auth, // auth_test.go checks it
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Load() = %+v, want %+v", got, want)
	}
}

func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		name, value string
	}{
		{"HTTP_ADDR", "8080"},
		{"HTTP_ADDR", ":http"},
		{"HTTP_ADDR", ":70000"},
		{"GRPC_ADDR", "9090"},
		{"GRPC_MAX_HEADER_BYTES", "64KiB"},
		{"GRPC_MAX_HEADER_BYTES", "1024"},     // below the floor
		{"GRPC_MAX_HEADER_BYTES", "33554432"}, // above grpc-go's own 16 MiB
		{"LOG_LEVEL", "loud"},
		{"HTTP_READ_TIMEOUT", "15"},
		{"HTTP_READ_TIMEOUT", "0s"},
		{"HTTP_WRITE_TIMEOUT", "-1s"},
		{"HTTP_IDLE_TIMEOUT", "soon"},
		{"SHUTDOWN_DRAIN_DELAY", "-5s"},
		{"SHUTDOWN_TIMEOUT", "0"},
		{"REQUEST_TIMEOUT", "0s"},
		{"RATE_LIMIT_RPS", "-1"},
		{"RATE_LIMIT_RPS", "NaN"},
		{"RATE_LIMIT_BURST", "0"},
		{"RATE_LIMIT_MAX_CLIENTS", "many"},
		{"TRUSTED_PROXIES", "10.0.0.0/33"},
		{"REQUEST_TIMEOUT", "30s"}, // not below HTTP_WRITE_TIMEOUT
		{"CORS_ALLOWED_ORIGINS", "*"},
		{"CORS_ALLOWED_ORIGINS", "https://app.example.com/path"},
		{"CORS_ALLOWED_ORIGINS", "app.example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name+"="+tt.value, func(t *testing.T) {
			_, err := Load(env(map[string]string{tt.name: tt.value}))
			if err == nil {
				t.Fatalf("Load() accepted %s=%q", tt.name, tt.value)
			}
			if !strings.Contains(err.Error(), tt.name+"=") {
				t.Errorf("Load() error %q does not name %s", err, tt.name)
			}
		})
	}
}

func TestLoadZeroDrainDelay(t *testing.T) {
	got, err := Load(env(map[string]string{"SHUTDOWN_DRAIN_DELAY": "0s"}))
	if err != nil || got.ShutdownDrainDelay != 0 {
		t.Errorf("Load(SHUTDOWN_DRAIN_DELAY=0s) = %v, %v; want 0, nil", got.ShutdownDrainDelay, err)
	}
}

func TestLoadReportsEveryInvalidVariable(t *testing.T) {
	_, err := Load(env(map[string]string{"LOG_LEVEL": "loud", "SHUTDOWN_TIMEOUT": "never"}))
	if err == nil {
		t.Fatal("Load() accepted two invalid variables")
	}
	for _, name := range []string{"LOG_LEVEL", "SHUTDOWN_TIMEOUT"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("Load() error %q does not name %s", err, name)
		}
	}
}

// Every step of shutdown must end inside the grace period, so settings that
// leave the final flush no time are refused.
func TestShutdownMustFitGracePeriod(t *testing.T) {
	if d := Default(); d.FlushTimeout() < minFlushTimeout {
		t.Errorf("defaults leave the flush %v, want at least %v", d.FlushTimeout(), minFlushTimeout)
	}
	_, err := Load(env(map[string]string{"SHUTDOWN_DRAIN_DELAY": "10s", "SHUTDOWN_TIMEOUT": "20s"}))
	if err == nil || !strings.Contains(err.Error(), "SHUTDOWN_GRACE_PERIOD") {
		t.Errorf("drain 10s + timeout 20s in a 30s grace period: Load() = %v, want an error naming SHUTDOWN_GRACE_PERIOD", err)
	}
	c, err := Load(env(map[string]string{"SHUTDOWN_DRAIN_DELAY": "10s", "SHUTDOWN_TIMEOUT": "20s", "SHUTDOWN_GRACE_PERIOD": "35s"}))
	if err != nil || c.FlushTimeout() != 35*time.Second-30*time.Second-exitMargin {
		t.Errorf("Load() = flush %v, %v; want the grace period's rest less the exit margin", c.FlushTimeout(), err)
	}
}
