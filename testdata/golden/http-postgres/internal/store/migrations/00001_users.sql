-- +goose Up
-- The example resource's table. Lengths match users.NewUser.Validate: varchar
-- counts characters, as the service counts runes. id sorts byte by byte (COLLATE
-- "C"), as Go compares strings, so that keyset pages follow the same order on
-- every database and locale.
CREATE TABLE users (
    id         varchar(64) COLLATE "C" PRIMARY KEY,
    name       varchar(100) NOT NULL,
    email      varchar(254) NOT NULL,
    created_at timestamptz  NOT NULL,
    CONSTRAINT users_email_key UNIQUE (email)
);

-- +goose Down
DROP TABLE users;
