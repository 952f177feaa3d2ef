package middleware

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCompress(t *testing.T) {
	body := `{"users":[` + strings.Repeat(`{"name":"Ada"},`, 100) + `{}]}`
	h := Compress(5)(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, body)
	}))

	req := httptest.NewRequest(http.MethodGet, "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	rec := serve(h, req)
	if rec.Header().Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", rec.Header().Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := io.ReadAll(zr); err != nil || string(got) != body {
		t.Errorf("decompressed body = %q, %v", got, err)
	}

	rec = serve(h, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Header().Get("Content-Encoding") != "" || rec.Body.String() != body {
		t.Errorf("without Accept-Encoding: Content-Encoding %q, body %d bytes; want identity", rec.Header().Get("Content-Encoding"), rec.Body.Len())
	}
}
