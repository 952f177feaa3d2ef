package middleware

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/acme/orders/internal/callinfo"
)

func TestRequestID(t *testing.T) {
	long := strings.Repeat("a", 64)
	tests := []struct {
		name, incoming string
		kept           bool
	}{
		{"none", "", false},
		{"safe", "abc-123_X.y", true},
		{"65 characters", long + "a", false},
		{"CRLF", "abc\r\nlevel=ERROR", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen string
			h := RequestID(http.HandlerFunc(func(_ http.ResponseWriter, r *http.Request) {
				seen = callinfo.RequestID(r.Context())
			}))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			if tt.incoming != "" {
				req.Header.Set(RequestIDHeader, tt.incoming)
			}
			rec := serve(h, req)
			echoed := rec.Header().Get(RequestIDHeader)
			if echoed != seen {
				t.Errorf("response header %q != handler's ID %q", echoed, seen)
			}
			if tt.kept && seen != tt.incoming {
				t.Errorf("ID = %q, want the incoming %q kept", seen, tt.incoming)
			}
			if !tt.kept && (seen == tt.incoming || !callinfo.ValidRequestID(seen)) {
				t.Errorf("ID = %q, want a fresh valid ID replacing %q", seen, tt.incoming)
			}
		})
	}
}

func TestRequestIDsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	h := RequestID(http.HandlerFunc(ok))
	for range 1000 {
		id := serve(h, httptest.NewRequest(http.MethodGet, "/", nil)).Header().Get(RequestIDHeader)
		if seen[id] {
			t.Fatalf("duplicate request ID %q", id)
		}
		seen[id] = true
	}
}

// A hostile ID never reaches the log: not even escaped.
func TestHostileRequestIDNeverLogged(t *testing.T) {
	var logs bytes.Buffer
	h := RequestID(AccessLog(slog.New(slog.NewJSONHandler(&logs, nil)), nil)(http.HandlerFunc(ok)))
	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set(RequestIDHeader, "evil\r\n{\"level\":\"ERROR\"}")
	serve(h, req)
	if strings.Contains(logs.String(), "evil") || strings.Count(logs.String(), "\n") != 1 {
		t.Errorf("log = %q, want one line without the hostile ID", logs.String())
	}
}
