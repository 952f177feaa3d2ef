-- +goose Up
-- The example resource's table. Lengths match users.NewUser.Validate: VARCHAR
-- counts characters, as the service counts runes; IDs are at most 64 bytes.
-- utf8mb4 holds all of Unicode (MySQL's utf8 stops at 3 bytes). Comparisons
-- are exact, as in Go:
--   - id is VARBINARY: compared and sorted byte by byte, so keyset pages follow
--     Go's order, and 'A1 ' is not 'A1' (utf8mb4_bin pads with spaces, and
--     MySQL and MariaDB name their no-pad binary collations differently);
--   - email is utf8mb4_bin: addresses that differ by case or accent are
--     different (the service lower-cases them; a _ci collation would also make
--     jose@ and josé@ one address). The service trims them, so padding is moot.
CREATE TABLE users (
    id         VARBINARY(64) NOT NULL,
    name       VARCHAR(100)  NOT NULL,
    email      VARCHAR(254)  NOT NULL,
    created_at DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

-- +goose Down
DROP TABLE users;
