-- name: ListUsers :many
SELECT id, name, email, created_at FROM users
WHERE id > ?
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
