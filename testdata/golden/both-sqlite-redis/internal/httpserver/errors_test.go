package httpserver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/shop/inventory/internal/resource"
	"example.com/shop/inventory/internal/respond"
)

// Every resource's errors get their answer from fail alone: a resource declares
// them with package resource and writes no mapping of its own.
func TestFailMapsKinds(t *testing.T) {
	tests := []struct {
		name      string
		err       error
		status    int
		code, msg string
		fields    map[string]string
		logged    bool
	}{
		{"not found, wrapped", fmt.Errorf("load: %w", resource.NotFound("order not found")), 404, respond.CodeNotFound, "order not found", nil, false},
		{"conflict", resource.Conflict("order already paid"), 409, respond.CodeConflict, "order already paid", nil, false},
		{"invalid fields", resource.FieldErrors{"quantity": "must be positive"}, 400, respond.CodeInvalid, "invalid input", map[string]string{"quantity": "must be positive"}, false},
		{"kind without a status", &resource.Error{Kind: errors.New("secret kind"), Message: "secret"}, 500, respond.CodeInternal, "internal server error", nil, true},
		{"timeout", fmt.Errorf("query: %w", context.DeadlineExceeded), 503, respond.CodeTimeout, "the request took too long", nil, false},
		{"unexpected", errors.New("dial tcp 10.0.0.7: refused"), 500, respond.CodeInternal, "internal server error", nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			rec := httptest.NewRecorder()
			fail(rec, httptest.NewRequest(http.MethodGet, "/api/v1/orders/7", nil), slog.New(slog.NewJSONHandler(&logs, nil)), tt.err)
			var body respond.ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != tt.status {
				t.Fatalf("answer %d %q (%v), want %d JSON", rec.Code, rec.Body, err, tt.status)
			}
			if body.Error.Code != tt.code || body.Error.Message != tt.msg || !maps.Equal(body.Error.Fields, tt.fields) {
				t.Errorf("body %+v, want code %q, message %q, fields %v", body.Error, tt.code, tt.msg, tt.fields)
			}
			if logged := strings.Contains(logs.String(), "request failed"); logged != tt.logged {
				t.Errorf("logged = %v, want %v: %s", logged, tt.logged, logs.String())
			}
		})
	}
}

// A client that went away gets no answer, and its departure is no error to log.
func TestFailAfterClientLeft(t *testing.T) {
	var logs bytes.Buffer
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := httptest.NewRecorder()
	fail(rec, httptest.NewRequest(http.MethodGet, "/", nil).WithContext(ctx), slog.New(slog.NewJSONHandler(&logs, nil)), context.Canceled)
	if rec.Body.Len() != 0 || logs.String() != "" {
		t.Errorf("answered %q and logged %q, want neither", rec.Body, logs.String())
	}
}
