package auth

import (
	"net/http"

	"example.com/shop/catalog/internal/callinfo"
	"example.com/shop/catalog/internal/respond"
)

// serveAs passes r on to next as a request made by caller. Inside the router the
// request already carries a callinfo.Info (from the request ID middleware), so the
// caller is recorded there and the request is not copied.
func serveAs(next http.Handler, w http.ResponseWriter, r *http.Request, caller string) {
	if ctx := callinfo.WithCaller(r.Context(), caller); ctx != r.Context() {
		r = r.WithContext(ctx)
	}
	next.ServeHTTP(w, r)
}

// unauthorized answers 401. The message never says which check failed, so that a
// caller learns nothing about the keys; the access log says whether credentials
// were presented at all.
func unauthorized(w http.ResponseWriter, r *http.Request, challenge string, presented bool) {
	callinfo.SetAuthFailure(r.Context(), Failure(presented))
	w.Header().Set("WWW-Authenticate", challenge)
	respond.Error(w, http.StatusUnauthorized, respond.CodeUnauthenticated, "missing or invalid credentials")
}
