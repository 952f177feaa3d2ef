package generator

import "strings"

// entry is one file a project may contain.
type entry struct {
	// Out is the output path; "_name_" becomes Spec.Name and "_pkg_" Spec.APIName.
	Out string
	// Tmpl is the template's path in the templates FS.
	Tmpl string
	// When reports whether the spec gets this file; nil means always.
	When func(Spec) bool
}

// manifest decides which files exist. Templates decide only what is in them, so a
// reader finds every "is this file generated?" rule here.
var manifest = []entry{
	// cmd/NAME builds every dependency and passes it in. main.go and serve.go name
	// no optional feature: each feature's own file defines its function (openStore,
	// addAuth, addMetrics, addTracing), exactly one file per function.
	base("cmd/_name_/main.go"),
	base("cmd/_name_/serve.go"),
	base("cmd/_name_/main_test.go"),
	// `NAME healthcheck`: the image's healthcheck, which has no shell or curl.
	base("cmd/_name_/healthcheck.go"),
	base("cmd/_name_/healthcheck_test.go"),
	feature("users", "cmd/_name_/repositories.go", nil),
	feature("users", "cmd/_name_/store_memory.go", Spec.HasMemoryStore),
	feature("cache", "cmd/_name_/cache_none.go", not(Spec.HasCache)),
	feature("memorycache", "cmd/_name_/cache_memory.go", Spec.HasMemoryCache),
	feature("redis", "cmd/_name_/cache_redis.go", Spec.HasRedis),
	feature("redis", "cmd/_name_/cache_redis_test.go", Spec.HasRedis),
	feature("cache", "cmd/_name_/cache_metrics.go", both(Spec.HasCache, Spec.HasMetrics)),
	feature("cache", "cmd/_name_/cache_metrics_none.go", both(Spec.HasCache, not(Spec.HasMetrics))),
	feature("cache", "cmd/_name_/cache_metrics_test.go", both(Spec.HasCache, both(Spec.HasMetrics, Spec.HasHTTP))),
	feature("cache", "cmd/_name_/cache_none_test.go", not(Spec.HasCache)),
	feature("memorycache", "cmd/_name_/cache_memory_test.go", Spec.HasMemoryCache),
	feature("users", "cmd/_name_/store_memory_test.go", Spec.HasMemoryStore),
	feature("auth", "cmd/_name_/auth.go", Spec.HasAuth),
	feature("apikey", "cmd/_name_/auth_apikey.go", Spec.HasAPIKey),
	feature("jwt", "cmd/_name_/auth_jwt.go", Spec.HasJWT),
	feature("noauth", "cmd/_name_/auth_none.go", func(s Spec) bool { return !s.HasAuth() }),
	feature("metrics", "cmd/_name_/metrics.go", Spec.HasMetrics),
	feature("metrics", "cmd/_name_/metrics_none.go", func(s Spec) bool { return !s.HasMetrics() }),
	feature("tracing", "cmd/_name_/tracing.go", Spec.HasTracing),
	feature("tracing", "cmd/_name_/tracing_none.go", func(s Spec) bool { return !s.HasTracing() }),
	// The credentials run's tests configure and send, one file per auth option.
	feature("apikey", "cmd/_name_/creds_test.go", Spec.HasAPIKey),
	feature("jwt", "cmd/_name_/creds_test.go", Spec.HasJWT),
	feature("noauth", "cmd/_name_/creds_test.go", func(s Spec) bool { return !s.HasAuth() }),
	feature("auth", "cmd/_name_/auth_test.go", Spec.HasAuth),
	base("internal/config/config.go"),
	base("internal/config/config_test.go"),
	base("internal/config/api.go"),
	feature("http", "internal/config/httpapi.go", Spec.HasHTTP),
	base("internal/app/app.go"),
	base("internal/app/app_test.go"),
	base("internal/health/health.go"),
	base("internal/health/health_test.go"),
	base("internal/callinfo/callinfo.go"),
	base("internal/callinfo/callinfo_test.go"),
	base("internal/ratelimit/ratelimit.go"),
	base("internal/ratelimit/table.go"),
	base("internal/ratelimit/ratelimit_test.go"),
	// What every transport gets: the probes and /metrics are served over HTTP with
	// every transport, so the middleware they use (request ID, access log, recovery)
	// and the JSON error answers always exist.
	feature("core", "internal/respond/respond.go", nil),
	feature("core", "internal/respond/respond_test.go", nil),
	feature("core", "internal/middleware/response.go", nil),
	feature("core", "internal/middleware/middleware_test.go", nil),
	feature("core", "internal/middleware/requestid.go", nil),
	feature("core", "internal/middleware/requestid_test.go", nil),
	feature("core", "internal/middleware/accesslog.go", nil),
	feature("core", "internal/middleware/accesslog_test.go", nil),
	feature("core", "internal/middleware/recover.go", nil),
	feature("core", "internal/middleware/recover_test.go", nil),
	feature("core", "internal/middleware/clientip.go", nil),
	base("internal/httpserver/server.go"),
	base("internal/httpserver/routes.go"),
	base("internal/httpserver/server_test.go"),
	feature("http", "internal/httpserver/api.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/users.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/decode.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/decode_test.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/errors.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/errors_test.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/api_test.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/nethttp_test.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/shutdown_test.go", Spec.HasHTTP),
	feature("http", "internal/httpserver/bench_test.go", Spec.HasHTTP),
	feature("http", "internal/respond/api.go", Spec.HasHTTP),
	feature("http", "internal/respond/api_test.go", Spec.HasHTTP),
	feature("http", "internal/middleware/timeout.go", Spec.HasHTTP),
	feature("http", "internal/middleware/timeout_test.go", Spec.HasHTTP),
	feature("http", "internal/middleware/ratelimit.go", Spec.HasHTTP),
	feature("http", "internal/middleware/ratelimit_test.go", Spec.HasHTTP),
	feature("http", "internal/middleware/cors.go", Spec.HasHTTP),
	feature("http", "internal/middleware/cors_test.go", Spec.HasHTTP),

	// The example resource: domain, service and the in-memory repository, which is
	// the store without a database and a fake in tests with one.
	feature("users", "internal/users/users.go", nil),
	feature("users", "internal/users/memory.go", nil),
	feature("users", "internal/users/users_test.go", nil),
	feature("users", "internal/users/memory_test.go", nil),
	// The contract every users.Repository keeps, run by each store's tests.
	feature("users", "internal/users/userstest/contract.go", nil),
	// What every resource shares below the transports: error kinds, field
	// errors, paging, and the deduplicated, cached reads by ID.
	feature("users", "internal/resource/resource.go", nil),
	feature("users", "internal/resource/page.go", nil),
	feature("users", "internal/resource/resource_test.go", nil),
	feature("users", "internal/resource/reads.go", nil),
	feature("users", "internal/resource/reads_test.go", nil),

	// The cache of reads by ID: what every cache shares, then one file set per cache.
	feature("cache", "internal/cache/cache.go", Spec.HasCache),
	feature("cache", "internal/cache/contract_test.go", Spec.HasCache),
	feature("cache", "internal/cache/metrics.go", both(Spec.HasCache, Spec.HasMetrics)),
	feature("cache", "internal/cache/metrics_test.go", both(Spec.HasCache, Spec.HasMetrics)),
	feature("memorycache", "internal/cache/memory.go", Spec.HasMemoryCache),
	feature("memorycache", "internal/cache/memory_test.go", Spec.HasMemoryCache),
	feature("memorycache", "internal/config/cache.go", Spec.HasMemoryCache),
	feature("memorycache", "internal/config/cache_test.go", Spec.HasMemoryCache),
	feature("memorycache", "internal/httpserver/cache_bench_test.go", both(Spec.HasMemoryCache, Spec.HasHTTP)),
	feature("redis", "internal/cache/redis.go", Spec.HasRedis),
	feature("redis", "internal/cache/redis_test.go", Spec.HasRedis),
	feature("redis", "internal/config/cache.go", Spec.HasRedis),
	feature("redis", "internal/config/cache_test.go", Spec.HasRedis),
	feature("redis", "internal/httpserver/cache_bench_test.go", both(Spec.HasRedis, Spec.HasHTTP)),
	// A SQL database (--db other than none). templates/database is what every
	// dialect shares: its settings, migrations, the migrate command, and the
	// start-up, health, metrics and shutdown wiring. A dialect's folder gives the
	// rest (see the SCAFFOLD notes in README.md, "How to add an option value").
	feature("database", "cmd/_name_/store_sql.go", Spec.HasDatabase),
	feature("database", "cmd/_name_/migrate.go", Spec.HasDatabase),
	feature("database", "cmd/_name_/migrate_test.go", Spec.HasDatabase),
	feature("database", "cmd/_name_/restart_test.go", both(Spec.HasDatabase, Spec.HasHTTP)),
	feature("database", "cmd/_name_/store_metrics.go", both(Spec.HasDatabase, Spec.HasMetrics)),
	feature("database", "cmd/_name_/store_metrics_none.go", both(Spec.HasDatabase, not(Spec.HasMetrics))),
	feature("database", "internal/config/database.go", Spec.HasDatabase),
	feature("database", "internal/config/database_test.go", Spec.HasDatabase),
	feature("database", "internal/store/migrate.go", Spec.HasDatabase),
	feature("database", "internal/store/migrate_test.go", Spec.HasDatabase),
	feature("database", "internal/store/store_test.go", Spec.HasDatabase),
	feature("database", "internal/store/users_test.go", Spec.HasDatabase),
	// GET by ID through the full HTTP chain on the database; each dialect gives
	// benchDatabaseURL (internal/httpserver/database_url_test.go).
	feature("database", "internal/httpserver/database_bench_test.go", both(Spec.HasDatabase, Spec.HasHTTP)),
	// SQLite: the driver, its settings and lock, and the sqlc layout (sqlc.yaml,
	// migrations as the schema, queries, and sqlc's output in internal/store/db).
	feature("sqlite", "sqlc.yaml", Spec.HasSQLite),
	feature("sqlite", "cmd/_name_/store_sqlite_test.go", Spec.HasSQLite),
	// The pool metrics test is the same for every dialect (it uses testStoreEnv).
	feature("sqlite", "cmd/_name_/store_metrics_test.go", both(Spec.HasDatabase, Spec.HasMetrics)),
	feature("sqlite", "internal/config/database_sqlite.go", Spec.HasSQLite),
	feature("sqlite", "internal/config/database_sqlite_test.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/migrations/00001_users.sql", Spec.HasSQLite),
	feature("sqlite", "internal/store/queries/users.sql", Spec.HasSQLite),
	feature("sqlite", "internal/store/db/db.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/db/models.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/db/users.sql.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/open.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/lock.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/users.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/errors.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/metrics.go", both(Spec.HasSQLite, Spec.HasMetrics)),
	feature("sqlite", "internal/store/lock_test.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/bench_test.go", Spec.HasSQLite),
	feature("sqlite", "internal/store/testdb_test.go", Spec.HasSQLite),
	feature("sqlite", "internal/httpserver/database_url_test.go", both(Spec.HasSQLite, Spec.HasHTTP)),
	// PostgreSQL: pgx's pool natively (sqlc for pgx/v5), goose's advisory lock.
	feature("postgres", "sqlc.yaml", Spec.HasPostgres),
	feature("postgres", "cmd/_name_/store_postgres_test.go", Spec.HasPostgres),
	feature("postgres", "internal/config/database_postgres.go", Spec.HasPostgres),
	feature("postgres", "internal/config/database_postgres_test.go", Spec.HasPostgres),
	feature("postgres", "internal/store/migrations/00001_users.sql", Spec.HasPostgres),
	feature("postgres", "internal/store/queries/users.sql", Spec.HasPostgres),
	feature("postgres", "internal/store/db/db.go", Spec.HasPostgres),
	feature("postgres", "internal/store/db/models.go", Spec.HasPostgres),
	feature("postgres", "internal/store/db/users.sql.go", Spec.HasPostgres),
	feature("postgres", "internal/store/open.go", Spec.HasPostgres),
	feature("postgres", "internal/store/users.go", Spec.HasPostgres),
	feature("postgres", "internal/store/errors.go", Spec.HasPostgres),
	feature("postgres", "internal/store/metrics.go", both(Spec.HasPostgres, Spec.HasMetrics)),
	feature("postgres", "internal/store/metrics_test.go", both(Spec.HasPostgres, Spec.HasMetrics)),
	feature("postgres", "internal/store/postgres_test.go", Spec.HasPostgres),
	feature("postgres", "internal/store/testdb_test.go", Spec.HasPostgres),
	feature("postgres", "internal/store/storetest/storetest.go", Spec.HasPostgres),
	feature("postgres", "internal/httpserver/database_url_test.go", both(Spec.HasPostgres, Spec.HasHTTP)),
	// MySQL and MariaDB: database/sql with go-sql-driver/mysql, a GET_LOCK locker.
	feature("mysql", "sqlc.yaml", Spec.HasMySQL),
	feature("mysql", "cmd/_name_/store_mysql_test.go", Spec.HasMySQL),
	feature("mysql", "internal/config/database_mysql.go", Spec.HasMySQL),
	feature("mysql", "internal/config/database_mysql_test.go", Spec.HasMySQL),
	feature("mysql", "internal/store/migrations/00001_users.sql", Spec.HasMySQL),
	feature("mysql", "internal/store/queries/users.sql", Spec.HasMySQL),
	feature("mysql", "internal/store/db/db.go", Spec.HasMySQL),
	feature("mysql", "internal/store/db/models.go", Spec.HasMySQL),
	feature("mysql", "internal/store/db/users.sql.go", Spec.HasMySQL),
	feature("mysql", "internal/store/open.go", Spec.HasMySQL),
	feature("mysql", "internal/store/lock.go", Spec.HasMySQL),
	feature("mysql", "internal/store/users.go", Spec.HasMySQL),
	feature("mysql", "internal/store/errors.go", Spec.HasMySQL),
	feature("mysql", "internal/store/metrics.go", both(Spec.HasMySQL, Spec.HasMetrics)),
	feature("mysql", "internal/store/mysql_test.go", Spec.HasMySQL),
	feature("mysql", "internal/store/testdb_test.go", Spec.HasMySQL),
	feature("mysql", "internal/store/storetest/storetest.go", Spec.HasMySQL),
	feature("mysql", "internal/httpserver/database_url_test.go", both(Spec.HasMySQL, Spec.HasHTTP)),

	// Resilience (--resilience): circuit breakers and retries around the database,
	// stacked as resilience.Call layers by cmd/NAME/guard.go; the transports map an
	// open breaker to 503 + Retry-After / UNAVAILABLE (the one line each in errors.go).
	feature("resilience", "cmd/_name_/guard.go", Spec.HasGuard),
	feature("resilience", "cmd/_name_/guard_none.go", not(Spec.HasGuard)),
	feature("resilience", "internal/resilience/resilience.go", Spec.HasGuard),
	// An open breaker, or a transient failure that retries did not cure, is
	// resource.ErrUnavailable: 503 + Retry-After / UNAVAILABLE.
	// The same protections around a Redis cache (cmd/NAME/guard_cache.go); an
	// in-process memory cache cannot fail over the network and gets none.
	feature("resilience", "cmd/_name_/guard_cache.go", both(Spec.HasGuard, Spec.HasRedis)),
	feature("resilience", "cmd/_name_/guard_cache_none.go", not(both(Spec.HasGuard, Spec.HasRedis))),
	feature("resilience", "internal/cache/guarded.go", both(Spec.HasGuard, Spec.HasRedis)),
	feature("resilience", "internal/cache/guarded_test.go", both(Spec.HasGuard, Spec.HasRedis)),
	feature("resilience", "cmd/_name_/cache_resilience_test.go", all(Spec.HasGuard, Spec.HasRedis, Spec.HasHTTP)),
	feature("resilience", "internal/resource/unavailable.go", Spec.HasGuard),
	feature("resilience", "internal/httpserver/unavailable.go", both(Spec.HasGuard, Spec.HasHTTP)),
	feature("resilience", "internal/httpserver/unavailable_test.go", both(Spec.HasGuard, Spec.HasHTTP)),
	feature("resilience", "internal/grpcserver/unavailable.go", both(Spec.HasGuard, Spec.HasGRPC)),
	feature("resilience", "internal/grpcserver/unavailable_test.go", both(Spec.HasGuard, Spec.HasGRPC)),
	feature("resilience", "internal/users/guarded.go", Spec.HasGuard),
	feature("resilience", "internal/users/guarded_test.go", Spec.HasGuard),
	feature("resilience", "internal/users/guarded_bench_test.go", Spec.HasGuard),
	feature("resilience", "internal/faultproxy/faultproxy.go", both(Spec.HasGuard, hasNetworkDependency)),
	feature("resilience", "internal/faultproxy/faultproxy_test.go", both(Spec.HasGuard, hasNetworkDependency)),
	feature("resilience", "cmd/_name_/resilience_test.go", all(Spec.HasGuard, Spec.HasHTTP, not(Spec.HasSQLite))),
	feature("resilience", "cmd/_name_/faults_test.go", all(Spec.HasGuard, Spec.HasHTTP, hasNetworkDependency)),
	feature("resilience", "internal/store/resilience_test.go", both(Spec.HasGuard, not(Spec.HasSQLite))),
	feature("breaker", "cmd/_name_/breaker.go", Spec.HasBreaker),
	feature("breaker", "cmd/_name_/breaker_metrics.go", both(Spec.HasBreaker, Spec.HasMetrics)),
	feature("breaker", "cmd/_name_/breaker_metrics_none.go", both(Spec.HasBreaker, not(Spec.HasMetrics))),
	feature("breaker", "internal/breaker/breaker.go", Spec.HasBreaker),
	feature("breaker", "internal/breaker/breaker_test.go", Spec.HasBreaker),
	feature("breaker", "internal/config/breaker.go", Spec.HasBreaker),
	feature("breaker", "internal/config/breaker_test.go", Spec.HasBreaker),
	feature("retry", "cmd/_name_/retry.go", Spec.HasRetry),
	feature("retry", "internal/retry/retry.go", Spec.HasRetry),
	feature("retry", "internal/retry/retry_test.go", Spec.HasRetry),
	feature("retry", "internal/config/retry.go", Spec.HasRetry),
	feature("retry", "internal/config/retry_test.go", Spec.HasRetry),
	{Out: "internal/store/retryable.go", Tmpl: "retry/sqlite/internal/store/retryable.go.tmpl", When: both(Spec.HasRetry, Spec.HasSQLite)},
	{Out: "internal/store/retryable_test.go", Tmpl: "retry/sqlite/internal/store/retryable_test.go.tmpl", When: both(Spec.HasRetry, Spec.HasSQLite)},
	{Out: "internal/store/retryable.go", Tmpl: "retry/postgres/internal/store/retryable.go.tmpl", When: both(Spec.HasRetry, Spec.HasPostgres)},
	{Out: "internal/store/retryable.go", Tmpl: "retry/mysql/internal/store/retryable.go.tmpl", When: both(Spec.HasRetry, Spec.HasMySQL)},
	{Out: "internal/store/retryable_test.go", Tmpl: "retry/postgres/internal/store/retryable_test.go.tmpl", When: both(Spec.HasRetry, Spec.HasPostgres)},
	{Out: "internal/store/retryable_test.go", Tmpl: "retry/mysql/internal/store/retryable_test.go.tmpl", When: both(Spec.HasRetry, Spec.HasMySQL)},
	{Out: "internal/cache/retryable.go", Tmpl: "retry/redis/internal/cache/retryable.go.tmpl", When: both(Spec.HasRetry, Spec.HasRedis)},
	{Out: "internal/cache/retryable_test.go", Tmpl: "retry/redis/internal/cache/retryable_test.go.tmpl", When: both(Spec.HasRetry, Spec.HasRedis)},
	// Idempotency keys (--resilience retry, with any --db): the API's creates run
	// once per key, the keys kept by the database's store or in memory, wired by
	// cmd/NAME/idempotency*.go from openStore; each dialect has its table's
	// migration and queries, in sqlc's package idemdb.
	feature("idempotency", "cmd/_name_/idempotency.go", Spec.HasIdempotency),
	feature("idempotency", "cmd/_name_/idempotency_sql.go", Spec.HasKeysInDatabase),
	feature("idempotency", "cmd/_name_/idempotency_memory.go", both(Spec.HasIdempotency, Spec.HasMemoryStore)),
	feature("idempotency", "cmd/_name_/idempotency_none.go", not(Spec.HasIdempotency)),
	feature("idempotency", "cmd/_name_/idempotency_test.go", all(Spec.HasIdempotency, Spec.HasDatabase, Spec.HasHTTP)),
	feature("idempotency", "internal/idempotency/idempotency.go", Spec.HasIdempotency),
	feature("idempotency", "internal/idempotency/idempotency_test.go", Spec.HasIdempotency),
	feature("idempotency", "internal/idempotency/memory.go", Spec.HasIdempotency),
	feature("idempotency", "internal/idempotency/memory_test.go", Spec.HasIdempotency),
	feature("idempotency", "internal/idempotency/guarded.go", Spec.HasKeysInDatabase),
	feature("idempotency", "internal/idempotency/guarded_test.go", Spec.HasKeysInDatabase),
	feature("idempotency", "internal/idempotency/idemtest/contract.go", Spec.HasIdempotency),
	feature("idempotency", "internal/config/idempotency.go", Spec.HasIdempotency),
	feature("idempotency", "internal/config/idempotency_test.go", Spec.HasIdempotency),
	feature("idempotency", "internal/httpserver/idempotency.go", both(Spec.HasIdempotency, Spec.HasHTTP)),
	feature("idempotency", "internal/httpserver/idempotency_test.go", both(Spec.HasIdempotency, Spec.HasHTTP)),
	feature("idempotency", "internal/httpserver/idempotency_bench_test.go", both(Spec.HasIdempotency, Spec.HasHTTP)),
	feature("idempotency", "internal/grpcserver/idempotency.go", both(Spec.HasIdempotency, Spec.HasGRPC)),
	feature("idempotency", "internal/grpcserver/idempotency_test.go", both(Spec.HasIdempotency, Spec.HasGRPC)),
	feature("idempotency", "internal/store/idempotency.go", Spec.HasKeysInDatabase),
	feature("idempotency", "internal/store/idempotency_test.go", Spec.HasKeysInDatabase),
	idemDialect("sqlite", "internal/store/migrations/00002_idempotency_keys.sql", Spec.HasSQLite),
	idemDialect("sqlite", "internal/store/idemdb/queries.sql", Spec.HasSQLite),
	idemDialect("sqlite", "internal/store/idemdb/db.go", Spec.HasSQLite),
	idemDialect("sqlite", "internal/store/idemdb/models.go", Spec.HasSQLite),
	idemDialect("sqlite", "internal/store/idemdb/queries.sql.go", Spec.HasSQLite),
	idemDialect("postgres", "internal/store/migrations/00002_idempotency_keys.sql", Spec.HasPostgres),
	idemDialect("postgres", "internal/store/idemdb/queries.sql", Spec.HasPostgres),
	idemDialect("postgres", "internal/store/idemdb/db.go", Spec.HasPostgres),
	idemDialect("postgres", "internal/store/idemdb/models.go", Spec.HasPostgres),
	idemDialect("postgres", "internal/store/idemdb/queries.sql.go", Spec.HasPostgres),
	idemDialect("mysql", "internal/store/migrations/00002_idempotency_keys.sql", Spec.HasMySQL),
	idemDialect("mysql", "internal/store/idemdb/queries.sql", Spec.HasMySQL),
	idemDialect("mysql", "internal/store/idemdb/db.go", Spec.HasMySQL),
	idemDialect("mysql", "internal/store/idemdb/models.go", Spec.HasMySQL),
	idemDialect("mysql", "internal/store/idemdb/queries.sql.go", Spec.HasMySQL),
	// Load shedding (--resilience shed): one bound on the API calls in flight over
	// every transport, wired by cmd/NAME/shed.go; probes and /metrics are outside it.
	feature("shed", "cmd/_name_/shed.go", Spec.HasShed),
	feature("shed", "cmd/_name_/shed_none.go", not(Spec.HasShed)),
	feature("shed", "cmd/_name_/shed_metrics.go", both(Spec.HasShed, Spec.HasMetrics)),
	feature("shed", "cmd/_name_/shed_log.go", both(Spec.HasShed, not(Spec.HasMetrics))),
	feature("shed", "cmd/_name_/shed_test.go", Spec.HasShed),
	feature("shed", "internal/shed/shed.go", Spec.HasShed),
	feature("shed", "internal/shed/shed_test.go", Spec.HasShed),
	feature("shed", "internal/config/shed.go", Spec.HasShed),
	feature("shed", "internal/config/shed_test.go", Spec.HasShed),
	feature("shed", "internal/middleware/shed.go", both(Spec.HasShed, Spec.HasHTTP)),
	feature("shed", "internal/middleware/shed_test.go", both(Spec.HasShed, Spec.HasHTTP)),
	feature("shed", "internal/httpserver/shed_test.go", both(Spec.HasShed, Spec.HasHTTP)),
	feature("shed", "internal/grpcserver/shed.go", both(Spec.HasShed, Spec.HasGRPC)),
	feature("shed", "internal/grpcserver/shed_test.go", both(Spec.HasShed, Spec.HasGRPC)),

	feature("auth", "internal/auth/auth.go", Spec.HasAuth),
	feature("auth", "internal/auth/http.go", both(Spec.HasAuth, Spec.HasHTTP)),
	feature("apikey", "internal/auth/apikey.go", Spec.HasAPIKey),
	feature("apikey", "internal/auth/apikey_http.go", both(Spec.HasAPIKey, Spec.HasHTTP)),
	feature("apikey", "internal/auth/apikey_test.go", Spec.HasAPIKey),
	feature("apikey", "internal/auth/apikey_http_test.go", both(Spec.HasAPIKey, Spec.HasHTTP)),
	feature("apikey", "internal/config/auth.go", Spec.HasAPIKey),
	feature("apikey", "internal/config/auth_test.go", Spec.HasAPIKey),
	feature("apikey", "internal/httpserver/auth_test.go", both(Spec.HasAPIKey, Spec.HasHTTP)),
	feature("jwt", "internal/auth/jwt.go", Spec.HasJWT),
	feature("jwt", "internal/auth/jwt_http.go", both(Spec.HasJWT, Spec.HasHTTP)),
	feature("jwt", "internal/auth/jwt_test.go", Spec.HasJWT),
	feature("jwt", "internal/auth/jwt_http_test.go", both(Spec.HasJWT, Spec.HasHTTP)),
	feature("jwt", "internal/config/auth.go", Spec.HasJWT),
	feature("jwt", "internal/config/auth_test.go", Spec.HasJWT),
	feature("jwt", "internal/httpserver/auth_test.go", both(Spec.HasJWT, Spec.HasHTTP)),
	feature("noauth", "internal/httpserver/auth_test.go", both(Spec.HasHTTP, func(s Spec) bool { return !s.HasAuth() })),

	feature("metrics", "internal/metrics/metrics.go", Spec.HasMetrics),
	feature("metrics", "internal/metrics/metrics_test.go", Spec.HasMetrics),
	feature("metrics", "internal/httpserver/metrics_test.go", both(Spec.HasMetrics, Spec.HasHTTP)),
	feature("tracing", "internal/tracing/tracing.go", Spec.HasTracing),
	feature("tracing", "internal/tracing/tracing_test.go", Spec.HasTracing),
	feature("tracing", "internal/tracing/log.go", Spec.HasTracing),
	feature("tracing", "internal/tracing/log_test.go", Spec.HasTracing),
	feature("tracing", "cmd/_name_/tracing_test.go", Spec.HasTracing),

	// gRPC: the .proto (its Go code is generated from it, see proto.go) and the server.
	feature("grpc", "api/proto/_pkg_/v1/_pkg_.proto", Spec.HasGRPC),
	feature("grpc", "buf.gen.yaml", Spec.HasGRPC),
	feature("grpc", "cmd/_name_/grpc.go", Spec.HasGRPC),
	feature("grpc", "cmd/_name_/grpc_test.go", Spec.HasGRPC),
	feature("grpc", "internal/config/grpc.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/server.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/server_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/bench_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/health.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/interceptors.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/logging.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/logging_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/limits.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/limits_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/toolarge.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/toolarge_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/users.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/errors.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/errors_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/paging.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/paging_test.go", Spec.HasGRPC),
	feature("grpc", "internal/grpcserver/auth_apikey.go", both(Spec.HasGRPC, Spec.HasAPIKey)),
	feature("grpc", "internal/grpcserver/auth_apikey_test.go", both(Spec.HasGRPC, Spec.HasAPIKey)),
	feature("grpc", "internal/grpcserver/auth_jwt.go", both(Spec.HasGRPC, Spec.HasJWT)),
	feature("grpc", "internal/grpcserver/auth_jwt_test.go", both(Spec.HasGRPC, Spec.HasJWT)),
	feature("grpc", "internal/grpcserver/metrics.go", both(Spec.HasGRPC, Spec.HasMetrics)),
	feature("grpc", "internal/grpcserver/metrics_test.go", both(Spec.HasGRPC, Spec.HasMetrics)),
	feature("grpc", "internal/grpcserver/tracing_test.go", both(Spec.HasGRPC, Spec.HasTracing)),
	// The client package for the teams that call the service (--resilience
	// loadbalance): what both clients share, then each transport's client.
	feature("loadbalance", "client/doc.go", Spec.HasLoadBalance),
	feature("loadbalance", "client/errors.go", Spec.HasLoadBalance),
	feature("loadbalance", "client/user.go", Spec.HasLoadBalance),
	feature("loadbalance", "client/idempotency.go", Spec.HasLoadBalance),
	feature("loadbalance", "client/main_test.go", Spec.HasLoadBalance),
	feature("loadbalance", "client/http.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/httpcall.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/balancer.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/backoff.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/health.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/balancer_test.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/http_test.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/httpretry_test.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/httpbackend_test.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/example_http_test.go", both(Spec.HasLoadBalance, Spec.HasHTTP)),
	feature("loadbalance", "client/grpc.go", both(Spec.HasLoadBalance, Spec.HasGRPC)),
	feature("loadbalance", "client/grpc_test.go", both(Spec.HasLoadBalance, Spec.HasGRPC)),
	feature("loadbalance", "client/grpcbackend_test.go", both(Spec.HasLoadBalance, Spec.HasGRPC)),
	feature("loadbalance", "client/example_grpc_test.go", both(Spec.HasLoadBalance, Spec.HasGRPC)),
	base("Makefile"),
	base("README.md"),
	{Out: ".gitignore", Tmpl: "base/gitignore.tmpl"},
	{Out: ".golangci.yml", Tmpl: "base/golangci.yml.tmpl"},

	feature("docker", "Dockerfile", deploys("docker")),
	{Out: ".dockerignore", Tmpl: "docker/dockerignore.tmpl", When: deploys("docker")},
	feature("compose", "docker-compose.yaml", deploys("compose")),
	feature("k8s", "deploy/k8s/kustomization.yaml", deploys("k8s")),
	feature("k8s", "deploy/k8s/configmap.yaml", deploys("k8s")),
	feature("k8s", "deploy/k8s/deployment.yaml", deploys("k8s")),
	feature("k8s", "deploy/k8s/service.yaml", deploys("k8s")),
	feature("k8s", "deploy/k8s/pdb.yaml", deploys("k8s")),
	// One SQLite writer cannot scale out.
	feature("k8s", "deploy/k8s/hpa.yaml", both(deploys("k8s"), not(Spec.SingleReplica))),
	feature("sqlite", "deploy/k8s/pvc.yaml", both(Spec.HasSQLite, deploys("k8s"))),
	{Out: ".github/workflows/ci.yaml", Tmpl: "github-actions/github/workflows/ci.yaml.tmpl", When: deploys("github-actions")},
}

// base is an always-present file whose template mirrors its output path under base/.
func base(out string) entry {
	return entry{Out: out, Tmpl: "base/" + out + ".tmpl"}
}

// feature is a file whose template mirrors its output path under the feature's
// folder, present when when reports true (nil: always).
func feature(folder, out string, when func(Spec) bool) entry {
	return entry{Out: out, Tmpl: folder + "/" + out + ".tmpl", When: when}
}

// idemDialect is a file of the idempotency keys for one database, whose
// template is under templates/idempotency/DIALECT/.
func idemDialect(dialect, out string, db func(Spec) bool) entry {
	return entry{Out: out, Tmpl: "idempotency/" + dialect + "/" + out + ".tmpl", When: both(Spec.HasIdempotency, db)}
}

// both selects a file when both conditions hold.
func both(a, b func(Spec) bool) func(Spec) bool {
	return func(s Spec) bool { return a(s) && b(s) }
}

// all selects a file when every condition holds.
func all(conds ...func(Spec) bool) func(Spec) bool {
	return func(s Spec) bool {
		for _, c := range conds {
			if !c(s) {
				return false
			}
		}
		return true
	}
}

// hasNetworkDependency reports whether the service calls a server over the
// network, which the fault proxy can stand in front of: a database server (not
// SQLite, a file in the process) or Redis.
func hasNetworkDependency(s Spec) bool { return s.HasDatabase() && !s.HasSQLite() || s.HasRedis() }

// not selects a file when cond does not hold.
func not(cond func(Spec) bool) func(Spec) bool {
	return func(s Spec) bool { return !cond(s) }
}

// deploys selects a file for one --deploy value.
func deploys(target string) func(Spec) bool {
	return func(s Spec) bool { return s.HasDeploy(target) }
}

// outPath is where e is written for s.
func (e entry) outPath(s Spec) string {
	return strings.NewReplacer("_name_", s.Name, "_pkg_", s.APIName()).Replace(e.Out)
}
