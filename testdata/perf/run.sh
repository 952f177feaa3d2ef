#!/usr/bin/env bash
# Whole-process performance of a generated service against the bare libraries, and
# the time of `svcgen new`; see README.md beside this file.
#
#   testdata/perf/run.sh [all|http|grpc|new|profile]     (default: all = http grpc new)
#
# Settings (environment): ROUNDS=5 DURATION=5 WARMUP=1 (seconds) CONC=50
# (connections for wrk, concurrent calls for gRPC) GRPC_CONNS=1 SERVER_CPU=0
# LOAD_CPU=1 NEW_RUNS=20 BASE_REV=5242e3d WORK=/tmp/svcgen-perf; NO_BUILD=1 reuses
# the binaries of the last build; BEFORE_REV=<rev> also measures the service that
# the svcgen of <rev> generates, in the same rounds ("before"); BARE_WORKERS=64
# also measures bare grpc-go with grpc.NumStreamWorkers(64) ("bare-workers").
set -euo pipefail

ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-5}
WARMUP=${WARMUP:-1}
CONC=${CONC:-50}
GRPC_CONNS=${GRPC_CONNS:-1}
SERVER_CPU=${SERVER_CPU:-0}
LOAD_CPU=${LOAD_CPU:-1}
NEW_RUNS=${NEW_RUNS:-20}
BASE_REV=${BASE_REV:-5242e3d}
BEFORE_REV=${BEFORE_REV:-}
BARE_WORKERS=${BARE_WORKERS:-}
WORK=${WORK:-/tmp/svcgen-perf}

repo=$(cd "$(dirname "$0")/../.." && pwd)
perf=$repo/testdata/perf
proj=$WORK/perfsvc
bin=$WORK/bin
results=$WORK/results.tsv
key=perf-key-0123456789abcdef
http_addr=127.0.0.1:18080
grpc_addr=127.0.0.1:19090
pprof_addr=127.0.0.1:16060

log() { printf '%s\n' "$*" >&2; }

# generate SVCGEN DIR generates the measured project into DIR. Its users live in
# memory, as the bare servers' do, so that both serve the same repository: with
# `--db none` where svcgen has a database option (its default is SQLite), as the
# in-memory store was the only one before.
generate() {
	local db=()
	if "$1" options 2>/dev/null | grep -q -- '^--db '; then db=(--db none); fi
	"$1" new perfsvc --no-input --transport both --auth apikey --observability metrics "${db[@]}" -o "$2" >/dev/null
}

# build generates the measured project with the svcgen of this checkout, copies the
# bare servers, the load generator and the export shims into its tree (so that they
# use its very handlers and repository), and builds every binary.
build() {
	if [[ -n ${NO_BUILD:-} && -x $bin/perfsvc ]]; then return 0; fi
	command -v wrk >/dev/null || { log "wrk is needed: apt-get install -y wrk"; exit 1; }
	mkdir -p "$bin"
	log "== building svcgen ($(git -C "$repo" describe --always --dirty)) and the project"
	(cd "$repo" && go build -o "$bin/svcgen" ./cmd/svcgen)
	rm -rf "$proj"
	generate "$bin/svcgen" "$proj"
	cp "$perf/shim/httpserver_export.go.txt" "$proj/internal/httpserver/zz_perf_export.go"
	cp "$perf/shim/grpcserver_export.go.txt" "$proj/internal/grpcserver/zz_perf_export.go"
	for c in barechi baregrpc grpcload; do mkdir -p "$proj/cmd/$c"; done
	cp "$perf/bare/barechi.go.txt" "$proj/cmd/barechi/main.go"
	cp "$perf/bare/baregrpc.go.txt" "$proj/cmd/baregrpc/main.go"
	cp "$perf/load/grpcload.go.txt" "$proj/cmd/grpcload/main.go"
	for c in perfsvc barechi baregrpc; do cp "$perf/shim/pprof.go.txt" "$proj/cmd/$c/zz_perf_pprof.go"; done
	(
		cd "$proj"
		export CGO_ENABLED=0
		# The service exactly as `make build` builds it (without the version stamp).
		go build -trimpath -ldflags '-s -w' -o "$bin/perfsvc" ./cmd/perfsvc
		go build -trimpath -ldflags '-s -w' -tags perfbare -o "$bin/barechi" ./cmd/barechi
		go build -trimpath -ldflags '-s -w' -tags perfbare -o "$bin/baregrpc" ./cmd/baregrpc
		go build -trimpath -o "$bin/grpcload" ./cmd/grpcload
		go build -trimpath -tags perfpprof -o "$bin/perfsvc-pprof" ./cmd/perfsvc
		go build -trimpath -tags perfbare,perfpprof -o "$bin/barechi-pprof" ./cmd/barechi
		go build -trimpath -tags perfbare,perfpprof -o "$bin/baregrpc-pprof" ./cmd/baregrpc
	)
	if [[ -n $BEFORE_REV ]]; then build_before; fi
}

# build_before builds the service as the svcgen of BEFORE_REV generates it, with
# the same options and as `make build` builds it.
build_before() {
	local src=$WORK/before-src
	log "== building the service of svcgen $BEFORE_REV"
	rm -rf "$src" "$WORK/before" && mkdir -p "$src"
	git -C "$repo" archive "$BEFORE_REV" | tar -x -C "$src"
	(cd "$src" && go build -o "$bin/svcgen-before" ./cmd/svcgen)
	generate "$bin/svcgen-before" "$WORK/before"
	(cd "$WORK/before" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$bin/perfsvc-before" ./cmd/perfsvc)
}

server_pid=
# start runs a server pinned to SERVER_CPU, its stdout (the access log) to a file.
start() {
	: >"$WORK/access.log"
	taskset -c "$SERVER_CPU" "$@" >>"$WORK/access.log" 2>>"$WORK/server.err" &
	server_pid=$!
}
stop() {
	kill "$server_pid" 2>/dev/null || true
	wait "$server_pid" 2>/dev/null || true
	server_pid=
}
trap stop EXIT

# start_generated runs the service as a user runs it: API key, metrics, the
# access log to a file, and the rate limiter on with a limit (a million requests a
# second per client) that no load here reaches.
start_generated() {
	start env -i PATH="$PATH" HTTP_ADDR=$http_addr GRPC_ADDR=$grpc_addr API_KEYS=$key \
		RATE_LIMIT_RPS=1000000 RATE_LIMIT_BURST=1000000 "$@"
}

wait_port() {
	local i
	for i in $(seq 100); do
		if (exec 3<>"/dev/tcp/${1%:*}/${1#*:}") 2>/dev/null; then return 0; fi
		sleep 0.05
	done
	log "nothing listens on $1; $WORK/server.err ends:"
	tail -5 "$WORK/server.err" >&2
	exit 1
}

# create_user stores a user over HTTP and prints its ID.
create_user() {
	curl -fsS -H "X-API-Key: $key" -H 'Content-Type: application/json' \
		-d '{"name":"Ada Lovelace","email":"ada@example.com"}' "http://$http_addr/api/v1/users" |
		sed -n 's/.*"id":"\([^"]*\)".*/\1/p'
}

# cpu_ticks is the user plus system CPU time of a process, in 1/100 s (proc(5)).
cpu_ticks() {
	local s
	s=$(<"/proc/$1/stat")
	s=${s##*) }
	# shellcheck disable=SC2086 # split into fields on purpose
	set -- $s
	echo $((${12} + ${13}))
}

# wrk_round BENCH CONTENDER ROUND URL measures URL with wrk pinned to LOAD_CPU and
# records requests/s, non-2xx answers and the server's CPU use in the window.
wrk_round() {
	local out c0 c1 t0 t1 rps errs cpu
	taskset -c "$LOAD_CPU" wrk -t1 -c"$CONC" -d"${WARMUP}s" -H "X-API-Key: $key" "$4" >/dev/null
	c0=$(cpu_ticks "$server_pid") t0=$EPOCHREALTIME
	out=$(taskset -c "$LOAD_CPU" wrk -t1 -c"$CONC" -d"${DURATION}s" -H "X-API-Key: $key" "$4")
	c1=$(cpu_ticks "$server_pid") t1=$EPOCHREALTIME
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	errs=$(awk '/Non-2xx/ {print $NF} /Socket errors/ {print "socket"}' <<<"$out")
	cpu=$(awk -v c="$((c1 - c0))" -v t0="$t0" -v t1="$t1" 'BEGIN {printf "%.3f", c / 100 / (t1 - t0)}')
	record "$1" "$2" "$3" "$rps" "${errs:-0}" "$cpu"
}

# grpc_round BENCH CONTENDER ROUND METHOD measures with grpcload pinned to LOAD_CPU.
grpc_round() {
	local out
	out=$(taskset -c "$LOAD_CPU" "$bin/grpcload" -addr $grpc_addr -method "$4" -c "$CONC" -conns "$GRPC_CONNS" \
		-d "${DURATION}s" -warmup "${WARMUP}s" -key $key -pid "$server_pid")
	set -- "$1" "$2" "$3" $out
	record "$1" "$2" "$3" "${4#rps=}" "${5#errors=}" "${6#server_cpu=}"
}

record() {
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"
	printf '  %-13s %-14s round %s: %10.0f req/s  errors %s  server CPU %s\n' "$@" >&2
}

bench_http() {
	log "== HTTP GET /api/v1/users/{id}: $ROUNDS rounds of ${DURATION}s, wrk -c$CONC"
	local r id
	for r in $(seq "$ROUNDS"); do
		start_generated "$bin/perfsvc"
		wait_port $http_addr
		id=$(create_user)
		wrk_round http-get generated "$r" "http://$http_addr/api/v1/users/$id"
		stop
		if [[ -n $BEFORE_REV ]]; then
			start_generated "$bin/perfsvc-before"
			wait_port $http_addr
			id=$(create_user)
			wrk_round http-get before "$r" "http://$http_addr/api/v1/users/$id"
			stop
		fi
		start "$bin/barechi" -addr $http_addr
		wait_port $http_addr
		id=$(create_user)
		wrk_round http-get bare-chi "$r" "http://$http_addr/api/v1/users/$id"
		wrk_round http-get bare-const "$r" "http://$http_addr/const"
		stop
	done
}

bench_grpc() {
	local r
	log "== gRPC health Check: $ROUNDS rounds of ${DURATION}s, $CONC calls over $GRPC_CONNS connection(s)"
	for r in $(seq "$ROUNDS"); do
		start_generated "$bin/perfsvc"
		grpc_round grpc-health generated "$r" health
		stop
		if [[ -n $BEFORE_REV ]]; then
			start_generated "$bin/perfsvc-before"
			grpc_round grpc-health before "$r" health
			stop
		fi
		start "$bin/baregrpc" -addr $grpc_addr -mode health
		grpc_round grpc-health bare-grpc "$r" health
		stop
		if [[ -n $BARE_WORKERS ]]; then
			start "$bin/baregrpc" -addr $grpc_addr -mode health -workers "$BARE_WORKERS"
			grpc_round grpc-health bare-workers "$r" health
			stop
		fi
	done
	log "== gRPC GetUser: $ROUNDS rounds of ${DURATION}s, $CONC calls over $GRPC_CONNS connection(s)"
	for r in $(seq "$ROUNDS"); do
		start_generated "$bin/perfsvc"
		grpc_round grpc-getuser generated "$r" getuser
		stop
		if [[ -n $BEFORE_REV ]]; then
			start_generated "$bin/perfsvc-before"
			grpc_round grpc-getuser before "$r" getuser
			stop
		fi
		start "$bin/baregrpc" -addr $grpc_addr -mode users
		grpc_round grpc-getuser bare-grpc "$r" getuser
		stop
		if [[ -n $BARE_WORKERS ]]; then
			start "$bin/baregrpc" -addr $grpc_addr -mode users -workers "$BARE_WORKERS"
			grpc_round grpc-getuser bare-workers "$r" getuser
			stop
		fi
	done
}

# bench_new times `svcgen new` of the largest variant without tidy, this
# checkout's svcgen against BASE_REV's, alternating, after two warm-up runs each.
bench_new() {
	local base=$bin/svcgen-base-$BASE_REV i b exe wall user sys TIMEFORMAT='%3R %3U %3S'
	mkdir -p "$bin"
	(cd "$repo" && go build -o "$bin/svcgen" ./cmd/svcgen)
	if [[ ! -x $base ]]; then
		rm -rf "$WORK/base-src" && mkdir -p "$WORK/base-src"
		git -C "$repo" archive "$BASE_REV" | tar -x -C "$WORK/base-src"
		(cd "$WORK/base-src" && go build -o "$base" ./cmd/svcgen)
	fi
	log "== svcgen new --transport both --observability all --deploy all --no-tidy: $NEW_RUNS runs each, alternating"
	for i in $(seq -1 "$NEW_RUNS"); do
		for b in current base; do
			exe=$bin/svcgen
			[[ $b == base ]] && exe=$base
			rm -rf "$WORK/new-out"
			# bash's time: wall, user and system seconds to the millisecond.
			{ time "$exe" new big --module example.com/big --no-input --transport both --observability all \
				--deploy all --no-tidy -o "$WORK/new-out" >/dev/null 2>>"$WORK/new.err"; } 2>"$WORK/new.time"
			read -r wall user sys <"$WORK/new.time"
			if ((i > 0)); then
				awk -v b="$b" -v i="$i" -v w="$wall" -v u="$user" -v s="$sys" \
					'BEGIN {printf "new\t%s\t%s\t%.1f\t0\t%.1f\n", b, i, w * 1000, (u + s) * 1000}' >>"$results"
			fi
		done
	done
	rm -rf "$WORK/new-out"
}

# profile takes a CPU profile of each server under the same load and prints the
# top of each; the profiles stay in $WORK/profiles for `go tool pprof`.
profile() {
	local dir=$WORK/profiles secs=$((DURATION + 2)) id
	mkdir -p "$dir"
	prof() { # NAME BINARY: fetch a profile of the running server while the load runs
		sleep 1
		curl -fsS -o "$dir/$1.pprof" "http://$pprof_addr/debug/pprof/profile?seconds=$DURATION"
		go tool pprof -top -nodecount=35 "$2" "$dir/$1.pprof" >"$dir/$1.top" 2>/dev/null
		log "-- $1: $dir/$1.top"
		sed -n '1,45p' "$dir/$1.top"
	}
	start_generated PPROF_ADDR=$pprof_addr "$bin/perfsvc-pprof"
	wait_port $http_addr
	id=$(create_user)
	taskset -c "$LOAD_CPU" wrk -t1 -c"$CONC" -d"${secs}s" -H "X-API-Key: $key" "http://$http_addr/api/v1/users/$id" >/dev/null &
	prof http-generated "$bin/perfsvc-pprof"
	wait $!
	taskset -c "$LOAD_CPU" "$bin/grpcload" -method health -c "$CONC" -d "${secs}s" -warmup 0s -key $key >/dev/null &
	prof grpc-health-generated "$bin/perfsvc-pprof"
	wait $!
	taskset -c "$LOAD_CPU" "$bin/grpcload" -method getuser -c "$CONC" -d "${secs}s" -warmup 0s -key $key >/dev/null &
	prof grpc-getuser-generated "$bin/perfsvc-pprof"
	wait $!
	stop
	start env PPROF_ADDR=$pprof_addr "$bin/barechi-pprof" -addr $http_addr
	wait_port $http_addr
	id=$(create_user)
	taskset -c "$LOAD_CPU" wrk -t1 -c"$CONC" -d"${secs}s" "http://$http_addr/api/v1/users/$id" >/dev/null &
	prof http-bare "$bin/barechi-pprof"
	wait $!
	stop
	for m in health users; do
		start env PPROF_ADDR=$pprof_addr "$bin/baregrpc-pprof" -addr $grpc_addr -mode $m
		wait_port $pprof_addr
		local lm=$m
		[[ $m == users ]] && lm=getuser
		taskset -c "$LOAD_CPU" "$bin/grpcload" -method $lm -c "$CONC" -d "${secs}s" -warmup 0s >/dev/null &
		prof grpc-$lm-bare "$bin/baregrpc-pprof"
		wait $!
		stop
	done
}

# summary prints, per benchmark and contender, the medians; then each ratio against
# its baseline, as the ratio of the medians and as the median of the round-by-round
# ratios, and as the ratio of the CPU time each request (or svcgen new) cost.
summary() {
	log "== results ($results; $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg))"
	awk -F'\t' '
	function median(list,   a, n, i, j, t) {
		n = split(list, a, " ")
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j+1] = a[j]; a[j+1] = t }
		return n % 2 ? a[(n+1)/2] : (a[n/2] + a[n/2+1]) / 2
	}
	{
		k = $1 SUBSEP $2
		if (!(k in vals)) order[++n] = k
		vals[k] = vals[k] " " $4
		v[$1, $2, $3] = $4
		if ($1 == "new") cpu[k] = cpu[k] " " $6
		else { cpu[k] = cpu[k] " " $6; if ($4 > 0) us[k] = us[k] " " $6 * 1e6 / $4 }
		rounds[$1] = $3 > rounds[$1] ? $3 : rounds[$1]
		if ($5 != "0") errs[k] += $5
	}
	END {
		for (i = 1; i <= n; i++) {
			split(order[i], p, SUBSEP)
			unit = p[1] == "new" ? "ms" : "req/s"
			printf "%-13s %-11s median %9.1f %-5s", p[1], p[2], median(vals[order[i]]), unit
			if (p[1] == "new") printf "  CPU (user+sys) %.1f ms", median(cpu[order[i]])
			if (order[i] in us) printf "  server CPU %.2f, %.1f us/req", median(cpu[order[i]]), median(us[order[i]])
			if (order[i] in errs) printf "  ERRORS %s", errs[order[i]]
			printf "\n"
		}
		ratio("http-get", "generated", "bare-chi", "target >= 0.80")
		ratio("http-get", "generated", "bare-const", "quoted")
		ratio("grpc-health", "generated", "bare-grpc", "target >= 0.90")
		ratio("grpc-getuser", "generated", "bare-grpc", "target >= 0.85")
		ratio("new", "current", "base", "time, lower is faster; target <= 1.00")
		ratio("grpc-health", "generated", "bare-workers", "bare with the stream workers of the generated server")
		ratio("grpc-getuser", "generated", "bare-workers", "bare with the stream workers of the generated server")
		ratio("http-get", "before", "bare-chi", "before: BEFORE_REV")
		ratio("grpc-health", "before", "bare-grpc", "before: BEFORE_REV")
		ratio("grpc-getuser", "before", "bare-grpc", "before: BEFORE_REV")
		ratio("http-get", "generated", "before", "now / before")
		ratio("grpc-health", "generated", "before", "now / before")
		ratio("grpc-getuser", "generated", "before", "now / before")
	}
	function ratio(b, x, y, note,   r, list) {
		if (!((b, x) in vals) || !((b, y) in vals)) return
		for (r = 1; r <= rounds[b]; r++) if ((b, x, r) in v && v[b, y, r] > 0) list = list " " v[b, x, r] / v[b, y, r]
		printf "ratio %-12s %s/%s: of medians %.3f, median of rounds %.3f", b, x, y, median(vals[b SUBSEP x]) / median(vals[b SUBSEP y]), median(list)
		if ((b SUBSEP x) in us) printf ", CPU per request %.3f", median(us[b SUBSEP y]) / median(us[b SUBSEP x])
		else printf ", CPU time %.3f", median(cpu[b SUBSEP x]) / median(cpu[b SUBSEP y])
		printf "  (%s)\n", note
	}' "$results"
}

what=${1:-all}
mkdir -p "$WORK"
: >"$results"
case $what in
all) build && bench_http && bench_grpc && bench_new ;;
http) build && bench_http ;;
grpc) build && bench_grpc ;;
new) bench_new ;;
profile) build && profile && exit 0 ;;
*) log "usage: $0 [all|http|grpc|new|profile]" && exit 2 ;;
esac
summary
