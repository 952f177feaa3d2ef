package httpserver

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5"

	"github.com/acme/billing/internal/callinfo"
	"github.com/acme/billing/internal/respond"
	"github.com/acme/billing/internal/users"
)

// usersHandler serves /api/v1/users over users.Service.
type usersHandler struct {
	svc    *users.Service
	logger *slog.Logger
}

// listResponse is a page of users; next_after, when set, fetches the next page.
type listResponse struct {
	Users     []users.User `json:"users"`
	NextAfter string       `json:"next_after,omitempty"`
}

// list answers GET /api/v1/users?limit=N&after=ID.
func (h usersHandler) list(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit := users.DefaultPageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			respond.Invalid(w, "invalid query", map[string]string{"limit": "must be a whole number"})
			return
		}
		limit = n
	}
	page, err := h.svc.List(r.Context(), q.Get("after"), limit)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	resp := listResponse{Users: page}
	if len(page) == limit {
		resp.NextAfter = page[len(page)-1].ID
	}
	respond.JSON(w, http.StatusOK, resp)
}

// create answers POST /api/v1/users with a JSON users.NewUser.
func (h usersHandler) create(w http.ResponseWriter, r *http.Request) {
	var in users.NewUser
	if !decode(w, r, &in) {
		return
	}
	u, err := h.svc.Create(r.Context(), in)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/users/"+u.ID)
	respond.JSON(w, http.StatusCreated, u)
}

// get answers GET /api/v1/users/{id}.
func (h usersHandler) get(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	respond.JSON(w, http.StatusOK, u)
}

// delete answers DELETE /api/v1/users/{id}.
func (h usersHandler) delete(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), chi.URLParam(r, "id")); err != nil {
		h.fail(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// fail maps a service error to its response. Unexpected errors are logged with the
// request ID and answered with a generic 500, never with their text.
func (h usersHandler) fail(w http.ResponseWriter, r *http.Request, err error) {
	var invalid *users.ValidationError
	switch {
	case errors.As(err, &invalid):
		respond.Invalid(w, "invalid input", invalid.Fields)
	case errors.Is(err, users.ErrNotFound):
		respond.Error(w, http.StatusNotFound, respond.CodeNotFound, "user not found")
	case errors.Is(err, users.ErrEmailTaken):
		respond.Error(w, http.StatusConflict, respond.CodeConflict, err.Error())
	case errors.Is(err, context.DeadlineExceeded):
		respond.Error(w, http.StatusServiceUnavailable, respond.CodeTimeout, "the request took too long")
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away; nobody is left to answer.
	default:
		h.logger.ErrorContext(r.Context(), "users request failed", "error", err, "request_id", callinfo.RequestID(r.Context()))
		respond.Error(w, http.StatusInternalServerError, respond.CodeInternal, "internal server error")
	}
}
