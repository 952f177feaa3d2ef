package httpserver

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"example.com/shop/inventory/internal/respond"
	"example.com/shop/inventory/internal/users"
)

// usersHandler serves /api/v1/users over users.Service. What every resource's
// handlers share is elsewhere: decode and decodePage (decode.go), fail
// (errors.go) and package respond.
type usersHandler struct {
	svc    *users.Service
	logger *slog.Logger
}

// userList is a page of users; next_after, when set, fetches the next page.
type userList struct {
	Users     []users.User `json:"users"`
	NextAfter string       `json:"next_after,omitempty"`
}

// list answers GET /api/v1/users?limit=N&after=ID.
func (h usersHandler) list(w http.ResponseWriter, r *http.Request) {
	after, limit, ok := decodePage(w, r)
	if !ok {
		return
	}
	page, err := h.svc.List(r.Context(), after, limit)
	if err != nil {
		fail(w, r, h.logger, err)
		return
	}
	respond.JSON(w, http.StatusOK, userList{Users: page.Items, NextAfter: page.NextAfter})
}

// create answers POST /api/v1/users with a JSON users.NewUser.
func (h usersHandler) create(w http.ResponseWriter, r *http.Request) {
	var in users.NewUser
	if !decode(w, r, &in) {
		return
	}
	u, err := h.svc.Create(r.Context(), in)
	if err != nil {
		fail(w, r, h.logger, err)
		return
	}
	w.Header().Set("Location", apiPrefix+"/users/"+u.ID)
	respond.JSON(w, http.StatusCreated, u)
}

// get answers GET /api/v1/users/{id}.
func (h usersHandler) get(w http.ResponseWriter, r *http.Request) {
	u, err := h.svc.Get(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		fail(w, r, h.logger, err)
		return
	}
	respond.JSON(w, http.StatusOK, u)
}

// delete answers DELETE /api/v1/users/{id}.
func (h usersHandler) delete(w http.ResponseWriter, r *http.Request) {
	if err := h.svc.Delete(r.Context(), chi.URLParam(r, "id")); err != nil {
		fail(w, r, h.logger, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
