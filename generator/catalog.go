package generator

import (
	"fmt"
	"slices"
	"strings"
)

// Option is one choice a user makes about a project. The catalog of options is the
// single source for the CLI flags, their validation and completion, the interactive
// form, `svcgen options` and the README's options table.
type Option struct {
	// Name is the flag name, without dashes.
	Name string `json:"name"`
	// Title is the short question the interactive form asks.
	Title string `json:"title"`
	// Help is one sentence on what the option decides.
	Help string `json:"help"`
	// Multi options take a comma-separated list, "all" or "none"; the others take one value.
	Multi bool `json:"multi"`
	// Values are the accepted values, in the order they are offered.
	Values []Value `json:"values"`
	// Default is the value (or, for Multi, the values) used when the user says nothing.
	Default []string `json:"default"`

	get func(Spec) []string
	set func(*Spec, []string)
}

// Value is one accepted value of an Option.
type Value struct {
	Name string `json:"name"`
	Help string `json:"help"`
	// Needs lists the choices this value only works with: "option=value" asks for
	// that value, "option!=value" for any value but that one ("db!=none": some
	// database). See need.
	Needs []string `json:"needs,omitempty"`
}

// Catalog lists every option, in the order the form asks them. Only values that
// generate working code are listed; later features add theirs here and nowhere else.
var Catalog = []*Option{
	{
		Name: "transport", Title: "Transport", Help: "how clients reach the service",
		Values: []Value{
			{Name: "http", Help: "HTTP/JSON API on go-chi/chi v5"},
			{Name: "grpc", Help: "gRPC API (grpc-go), with probes and metrics on a small HTTP listener"},
			{Name: "both", Help: "HTTP/JSON and gRPC APIs from one binary, sharing one service layer"},
		},
		Default: []string{"http"},
		get:     func(s Spec) []string { return []string{string(s.Transport)} },
		set:     func(s *Spec, v []string) { s.Transport = Transport(single(v)) },
	},
	{
		Name: "db", Title: "Database", Help: "where the service keeps its data",
		Values: []Value{
			{Name: "sqlite", Help: "SQLite in a local file (modernc.org/sqlite, pure Go), migrations applied at start"},
			{Name: "postgres", Help: "PostgreSQL (pgx pool)"},
			{Name: "mysql", Help: "MySQL or MariaDB (database/sql)"},
			{Name: "none", Help: "no database: users are kept in memory and lost on restart"},
		},
		Default: []string{"sqlite"},
		get:     func(s Spec) []string { return []string{string(s.Database)} },
		set:     func(s *Spec, v []string) { s.Database = Database(single(v)) },
	},
	{
		Name: "cache", Title: "Cache", Help: "the cache in front of the database",
		Values: []Value{
			{Name: "memory", Help: "in-process cache (maypok86/otter v2), bounded, with a TTL; per replica: other replicas may read stale entries until the TTL", Needs: []string{"db!=none"}},
			{Name: "redis", Help: "Redis (redis/go-redis v9), shared by every replica; while it is down, reads are answered from the database", Needs: []string{"db!=none"}},
			{Name: "none", Help: "no cache"},
		},
		Default: []string{"none"},
		get:     func(s Spec) []string { return []string{string(s.Cache)} },
		set:     func(s *Spec, v []string) { s.Cache = Cache(single(v)) },
	},
	{
		Name: "auth", Title: "Authentication", Help: "how callers of the API are authenticated",
		Values: []Value{
			{Name: "apikey", Help: "X-API-Key header checked against API_KEYS (constant-time, SHA-256 digests)"},
			{Name: "jwt", Help: "bearer JWT (golang-jwt v5): algorithm pinned, expiry and audience required, issuer checked when set"},
			{Name: "none", Help: "no authentication"},
		},
		Default: []string{"apikey"},
		get:     func(s Spec) []string { return []string{string(s.Auth)} },
		set:     func(s *Spec, v []string) { s.Auth = Auth(single(v)) },
	},
	{
		Name: "resilience", Title: "Resilience",
		Help: "protections around calls to dependencies and around the service itself; " +
			"breaker and retry guard the database (and a Redis cache), so with --db none breaker generates nothing and retry only idempotency keys",
		Multi: true,
		Values: []Value{
			{Name: "breaker", Help: "a circuit breaker (sony/gobreaker v2) around the database, and one around a Redis cache; the database's open means 503 + Retry-After / UNAVAILABLE, the cache's reads from the database"},
			{Name: "retry", Help: "retries of idempotent database and Redis calls on transient errors (cenkalti/backoff v5, full jitter, bounded by the caller's deadline and a retry budget), and idempotency keys: a create repeated with the same Idempotency-Key runs once (keys in the database, or in memory with --db none)"},
			{Name: "shed", Help: "load shedding: a bound on in-flight API calls, the excess refused at once with 503 + Retry-After / RESOURCE_EXHAUSTED"},
			{Name: "loadbalance", Help: "client/ package: HTTP and gRPC clients balancing over several instances, with ejection, health checks and retries"},
		},
		Default: []string{"breaker", "retry", "shed", "loadbalance"},
		get:     func(s Spec) []string { return s.Resilience },
		set:     func(s *Spec, v []string) { s.Resilience = v },
	},
	{
		Name: "observability", Title: "Observability", Help: "telemetry beyond structured JSON logs", Multi: true,
		Values: []Value{
			{Name: "metrics", Help: "Prometheus /metrics: request count and latency by route pattern, Go runtime metrics"},
			{Name: "tracing", Help: "OpenTelemetry traces (otelhttp) exported over OTLP when OTEL_* variables are set"},
		},
		Default: []string{"metrics"},
		get:     func(s Spec) []string { return s.Observability },
		set:     func(s *Spec, v []string) { s.Observability = v },
	},
	{
		Name: "deploy", Title: "Deployment", Help: "deployment files to generate", Multi: true,
		Values: []Value{
			{Name: "docker", Help: "multi-stage Dockerfile building a static, non-root image"},
			{Name: "compose", Help: "docker-compose.yaml running the service beside its database and cache, with healthchecks", Needs: []string{"deploy=docker"}},
			{Name: "k8s", Help: "Kubernetes kustomization: Deployment with probes and a restricted security context, Service, ConfigMap, PodDisruptionBudget, HorizontalPodAutoscaler"},
			{Name: "github-actions", Help: "GitHub Actions workflow running gofmt, vet and the tests"},
		},
		Default: []string{"docker"},
		get:     func(s Spec) []string { return s.Deploy },
		set:     func(s *Spec, v []string) { s.Deploy = v },
	},
}

// Lookup returns the catalog option named name, or nil.
func Lookup(name string) *Option {
	for _, o := range Catalog {
		if o.Name == name {
			return o
		}
	}
	return nil
}

// ValueNames lists the accepted values; Multi options also accept "none" and, once
// they have values, "all".
func (o *Option) ValueNames() []string {
	var names []string
	for _, v := range o.Values {
		names = append(names, v.Name)
	}
	if o.Multi && len(o.Values) > 0 {
		names = append(names, "all")
	}
	if o.Multi {
		names = append(names, "none")
	}
	return names
}

// Accepted describes the accepted values for an error message or flag help.
func (o *Option) Accepted() string {
	names := o.ValueNames()
	if o.Multi && len(o.Values) == 0 {
		return `"none"; values arrive with later svcgen releases`
	}
	if o.Multi {
		return "a comma-separated list of " + orList(names[:len(names)-2]) + `, or "all" or "none"`
	}
	return orList(names)
}

// orList joins names as "a, b or c".
func orList(names []string) string {
	switch len(names) {
	case 0:
		return "nothing yet"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// Set parses raw (as typed after the flag) into s. Values are checked later by
// Spec.Validate, so that every problem is reported together.
func (o *Option) Set(s *Spec, raw string) {
	o.set(s, o.parse(raw))
}

// SetValues stores already-split values into s, as the interactive form does.
func (o *Option) SetValues(s *Spec, values []string) { o.set(s, o.normalize(values)) }

// Get returns the option's current values in s.
func (o *Option) Get(s Spec) []string { return o.get(s) }

// parse splits a flag value. For Multi options "all" and "none" expand, and the
// list is put in catalog order without duplicates so that equal choices give equal specs.
func (o *Option) parse(raw string) []string {
	raw = strings.TrimSpace(raw)
	if !o.Multi {
		return []string{raw}
	}
	switch raw {
	case "none", "":
		return []string{}
	case "all":
		return o.normalize(o.ValueNames()[:len(o.Values)])
	}
	var values []string
	for _, v := range strings.Split(raw, ",") {
		values = append(values, strings.TrimSpace(v))
	}
	return o.normalize(values)
}

// normalize puts known values in catalog order, drops duplicates, and keeps unknown
// values at the end so that Validate can report them.
func (o *Option) normalize(values []string) []string {
	out := []string{}
	for _, v := range o.Values {
		if slices.Contains(values, v.Name) {
			out = append(out, v.Name)
		}
	}
	for _, v := range values {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// check reports the first value not in the catalog, naming the flag and what it accepts.
func (o *Option) check(values []string) error {
	if !o.Multi && len(values) != 1 {
		return fmt.Errorf("--%s takes one value (want %s)", o.Name, o.Accepted())
	}
	for _, v := range values {
		// parse expands "all" and "none" when they stand alone, so here they were
		// combined with other values.
		if o.Multi && (v == "all" || v == "none") {
			return fmt.Errorf("invalid --%s value %q: all and none stand alone, they cannot be combined with other values (want %s)", o.Name, v, o.Accepted())
		}
		if !slices.ContainsFunc(o.Values, func(x Value) bool { return x.Name == v }) {
			return fmt.Errorf("unknown --%s value %q (want %s)", o.Name, v, o.Accepted())
		}
	}
	return nil
}

// checkNeeds reports every chosen value of s whose Needs are not met.
func checkNeeds(s Spec) []error {
	var errs []error
	for _, o := range Catalog {
		for _, v := range o.Values {
			if !slices.Contains(o.get(s), v.Name) {
				continue
			}
			for _, raw := range v.Needs {
				if n := parseNeed(raw); !n.met(s) {
					errs = append(errs, n.unmet(o, v.Name))
				}
			}
		}
	}
	return errs
}

// need is one entry of Value.Needs: option=value, or option!=value when not is set.
type need struct {
	option, value string
	not           bool
}

func parseNeed(raw string) need {
	if name, value, ok := strings.Cut(raw, "!="); ok {
		return need{option: name, value: value, not: true}
	}
	name, value, _ := strings.Cut(raw, "=")
	return need{option: name, value: value}
}

// met reports whether s has what n asks for.
func (n need) met(s Spec) bool {
	return slices.Contains(Lookup(n.option).get(s), n.value) != n.not
}

// choices lists the values of n's option that meet n on their own.
func (n need) choices() []string {
	if !n.not {
		return []string{n.value}
	}
	var names []string
	for _, v := range Lookup(n.option).Values {
		if v.Name != n.value {
			names = append(names, v.Name)
		}
	}
	return names
}

// unmet is the error for value v of option o, whose need n is not met.
func (n need) unmet(o *Option, v string) error {
	if !n.not {
		return fmt.Errorf("--%s %s needs --%s %s (add it, or drop %s)", o.Name, v, n.option, n.value, v)
	}
	return fmt.Errorf("--%s %s needs a %s, but --%s is %s (want --%s %s, or drop --%s %s)",
		o.Name, v, strings.ToLower(Lookup(n.option).Title), n.option, n.value, n.option, orList(n.choices()), o.Name, v)
}

// single returns the only element of v, or "" so that Validate reports the problem.
func single(v []string) string {
	if len(v) != 1 {
		return ""
	}
	return v[0]
}
