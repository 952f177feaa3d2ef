-- +goose Up
-- IDs are compared byte by byte (SQLite's BINARY collation), the order in which
-- Go compares strings, so that pages follow the ID order the API promises.
CREATE TABLE users (
    id         TEXT     NOT NULL PRIMARY KEY,
    name       TEXT     NOT NULL,
    email      TEXT     NOT NULL UNIQUE,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE users;
