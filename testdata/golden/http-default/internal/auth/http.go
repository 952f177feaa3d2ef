package auth

import (
	"net/http"

	"github.com/acme/orders/internal/respond"
)

// unauthorized answers 401. The message never says which check failed, so that a
// caller learns nothing about the keys; the log does.
func unauthorized(w http.ResponseWriter, challenge string) {
	w.Header().Set("WWW-Authenticate", challenge)
	respond.Error(w, http.StatusUnauthorized, respond.CodeUnauthenticated, "missing or invalid credentials")
}
