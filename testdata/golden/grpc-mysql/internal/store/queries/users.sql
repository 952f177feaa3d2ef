-- name: ListUsers :many
-- Keyset pagination: the page after the last ID the caller saw, in ID order, so
-- that a page costs the same at any depth.
SELECT id, name, email, created_at FROM users
WHERE id > sqlc.arg(after)
ORDER BY id
LIMIT ?;

-- name: GetUser :one
SELECT id, name, email, created_at FROM users
WHERE id = ?;

-- name: CreateUser :exec
INSERT INTO users (id, name, email, created_at)
VALUES (?, ?, ?, ?);

-- name: DeleteUser :execrows
DELETE FROM users
WHERE id = ?;
