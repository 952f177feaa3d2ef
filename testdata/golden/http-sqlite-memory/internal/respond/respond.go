// Package respond writes JSON responses and the one JSON error shape every endpoint
// and middleware uses:
//
//	{"error": {"code": "not_found", "message": "no such route"}}
//
// Codes are stable, lower-case identifiers clients may switch on; messages are for
// people and never carry internal details.
package respond

import (
	"encoding/json"
	"net/http"
)

// Error codes of every HTTP endpoint; the API's own are in api.go.
const (
	CodeNotFound         = "not_found"
	CodeMethodNotAllowed = "method_not_allowed"
	CodeInternal         = "internal"
)

// ErrorBody is the body of every error response.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail says what went wrong. Fields, when present, maps an input field to
// what is wrong with it.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

// JSON writes v as the JSON body of a status response.
func JSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		// Only a programming error (an unencodable type) gets here.
		Error(w, http.StatusInternalServerError, CodeInternal, "internal server error")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(append(body, '\n')) // the client may be gone; nothing left to do
}

// Error writes a JSON error response.
func Error(w http.ResponseWriter, status int, code, message string) {
	JSON(w, status, ErrorBody{Error: ErrorDetail{Code: code, Message: message}})
}
