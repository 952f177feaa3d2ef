package respond

import "net/http"

// Error codes of the API's endpoints and middleware.
const (
	CodeInvalid         = "invalid_argument"
	CodeConflict        = "conflict"
	CodeUnauthenticated = "unauthenticated"
	CodeTooLarge        = "request_too_large"
	CodeUnsupportedType = "unsupported_media_type"
	CodeRateLimited     = "rate_limited"
	CodeTimeout         = "timeout"
)

// Invalid writes 400 with the problem of each invalid input field.
func Invalid(w http.ResponseWriter, message string, fields map[string]string) {
	JSON(w, http.StatusBadRequest, ErrorBody{Error: ErrorDetail{Code: CodeInvalid, Message: message, Fields: fields}})
}
