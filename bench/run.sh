#!/usr/bin/env bash
# Benchmarks of the Tasker Worker Gateway: each design goal measured as a ratio against a baseline measured
# in the same run, on the same machine. See docs/benchmarks.md for what each goal is and how to read the table.
#
#   bench/run.sh                      # every goal: events, group-commit, threads, startup, batch, and the
#                                     # step path and delivery goals of issue 9: bare, pace, drain, isolation,
#                                     # and claims (issue 10: step claims on PostgreSQL, off against on)
#   bench/run.sh events threads       # only those goals
#   BENCH_QUICK=1 bench/run.sh        # one short round of each (checks the harness, not the gateway)
#
# Settings (environment): BENCH_ROUNDS (3), BENCH_JAVA17 (java), BENCH_JAVA25
# (/usr/lib/jvm/temurin-25-jdk-amd64/bin/java), BENCH_GATEWAY_OPTS (-Xmx1g), BENCH_OUT (a new temp dir),
# BENCH_REBUILD (0: build the jar only when it is missing), BENCH_BUILD (unset: the
# report names the checkout's commit; set, e.g. "jar of 3ab4012", for a copy of bench/ and a jar run outside it), BENCH_MAX_LOAD (unset: when set, e.g. 1.5,
# first wait up to 10 minutes for the 1-minute load average to drop below it), and the load sizes below (BENCH_EVENTS_*, BENCH_COMMIT_*, BENCH_THREADS_*,
# BENCH_DOWNSTREAM_DELAYS_MS: the downstream holds of goal 3, "200 5000"; BENCH_BATCH_*: goal 5, steps
# counted as steps, not requests; BENCH_BARE_*: goal 6; BENCH_PACE_SECONDS (60) and BENCH_PACE_WARMUP: goal 7;
# BENCH_DRAIN_EVENTS (10000): goals 8 and 9; BENCH_DRAIN_WARMUP (0: 1 adds an endpoint "warm", enabled, with
# its own receiver, that delivers every seeded event before the measured endpoint is replayed, so that the
# gateways' delivery path is compiled (JIT) before the clock runs, as the step goals' warm-up requests do); BENCH_DRAIN_JFR (0: 1 records a JFR profile of every gateway
# while it drains, from the replay to the last delivery, as $BENCH_OUT/<gateway>.drain.jfr with its tables, with the JFR
# settings BENCH_PROFILE_SETTINGS, default profile); BENCH_PG_URL (jdbc:postgresql://127.0.0.1:5432/test?user=postgres):
# goal 8 creates a fresh database beside it per round, and measures H2 only when it does not answer).
#
# Every gateway is the real jar (target/worker-gateway.jar, built if missing) in its own process, on a free
# port of 127.0.0.1, with its own temp data dir, started, loaded and stopped per measurement. Peers
# (webhook receivers, the slow downstream) and the load generator are bench/Downstream.java and
# bench/StepLoad.java, compiled once per run. Linux only (/proc is read for CPU, threads and RSS).
# Progress goes to stderr; the markdown report to stdout and to $BENCH_OUT/results.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/target/worker-gateway.jar"
COMMAND="bench/run.sh${*:+ $*}"
GOALS=("$@")
[ ${#GOALS[@]} -eq 0 ] && GOALS=(events group-commit threads startup batch bare pace drain isolation claims)
for goal in "${GOALS[@]}"; do
  case "$goal" in events|group-commit|threads|startup|batch|bare|pace|drain|isolation|claims) ;; *) echo "unknown goal '$goal' (events, group-commit, threads, startup, batch, bare, pace, drain, isolation, claims)" >&2; exit 2 ;; esac
done

JAVA17=${BENCH_JAVA17:-java}
JAVA25=${BENCH_JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}
GATEWAY_OPTS=${BENCH_GATEWAY_OPTS:--Xmx1g}
ROUNDS=${BENCH_ROUNDS:-3}
EVENTS_CONCURRENCY=${BENCH_EVENTS_CONCURRENCY:-32}
EVENTS_REQUESTS=${BENCH_EVENTS_REQUESTS:-4000}
EVENTS_WARMUP=${BENCH_EVENTS_WARMUP:-2000}
SLOW_RECEIVER_MS=${BENCH_SLOW_RECEIVER_MS:-30000}
COMMIT_REQUESTS_1=${BENCH_COMMIT_REQUESTS_1:-2000}
COMMIT_REQUESTS_32=${BENCH_COMMIT_REQUESTS_32:-4000}
COMMIT_WARMUP=${BENCH_COMMIT_WARMUP:-1000}
THREADS_CONCURRENCY=${BENCH_THREADS_CONCURRENCY:-1000}
THREADS_REQUESTS=${BENCH_THREADS_REQUESTS:-6000}
THREADS_WARMUP=${BENCH_THREADS_WARMUP:-2000}
DOWNSTREAM_DELAYS_MS=${BENCH_DOWNSTREAM_DELAYS_MS:-200 5000}
BATCH_SIZE=${BENCH_BATCH_SIZE:-10}               # steps per POST /v1/steps/batch
BATCH_CONCURRENCY=${BENCH_BATCH_CONCURRENCY:-8}  # clients, the same for batches and single steps
BATCH_STEPS=${BENCH_BATCH_STEPS:-4000}           # measured steps (not requests) per configuration
BATCH_WARMUP=${BENCH_BATCH_WARMUP:-1000}         # warm-up steps
BATCH_PARALLELISM=16                             # the gateway's default batch_parallelism (not set here)
BARE_CONCURRENCY=${BENCH_BARE_CONCURRENCY:-32}
BARE_REQUESTS=${BENCH_BARE_REQUESTS:-10000}
BARE_WARMUP=${BENCH_BARE_WARMUP:-15000}  # the gateway JIT-compiles for ~20 s under load (gw_jit_share)
PACE_SECONDS=${BENCH_PACE_SECONDS:-60}
PACE_WARMUP=${BENCH_PACE_WARMUP:-15000}  # as goal 6: past the JIT compiling
DRAIN_EVENTS=${BENCH_DRAIN_EVENTS:-10000}
DRAIN_WARMUP=${BENCH_DRAIN_WARMUP:-0}  # goals 8, 9: 1 = a third endpoint "warm" delivers the seeded events first
PG_URL=${BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
CLAIMS_REQUESTS_1=${BENCH_CLAIMS_REQUESTS_1:-2000}   # goal 10: measured steps at concurrency 1 and 32
CLAIMS_REQUESTS_32=${BENCH_CLAIMS_REQUESTS_32:-6000}
CLAIMS_WARMUP=${BENCH_CLAIMS_WARMUP:-1000}
if [ "${BENCH_QUICK:-0}" = 1 ]; then
  ROUNDS=1 EVENTS_REQUESTS=400 EVENTS_WARMUP=100 COMMIT_REQUESTS_1=100 COMMIT_REQUESTS_32=400 COMMIT_WARMUP=50
  THREADS_CONCURRENCY=200 THREADS_REQUESTS=1000 THREADS_WARMUP=200 DOWNSTREAM_DELAYS_MS="200 1000"
  BATCH_STEPS=400 BATCH_WARMUP=100 BARE_REQUESTS=500 BARE_WARMUP=200 PACE_SECONDS=5 PACE_WARMUP=200 DRAIN_EVENTS=1000
  CLAIMS_REQUESTS_1=100 CLAIMS_REQUESTS_32=400 CLAIMS_WARMUP=50
fi

OUT=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/gateway-bench.XXXXXX")}
mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"
CLASSES="$OUT/classes"

# Nothing of the caller's gateway configuration may leak into the measured processes.
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^GATEWAY_' || true)

log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }

# ---------------------------------------------------------------------------------------------- processes
STARTED_PIDS=()

stop_process() {
  local pid=$1 waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && [ $waited -lt 400 ]; do sleep 0.1; waited=$((waited + 1)); done
  if kill -0 "$pid" 2>/dev/null; then
    log "process $pid did not stop within 40 s of SIGTERM: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  local kept=() p
  for p in "${STARTED_PIDS[@]}"; do [ "$p" != "$pid" ] && kept+=("$p"); done
  STARTED_PIDS=("${kept[@]+"${kept[@]}"}")
}

cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 1
  for pid in "${STARTED_PIDS[@]+"${STARTED_PIDS[@]}"}"; do kill -KILL "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu_ms() { # cpu_ms PID -> the CPU time (user + system) the process used so far, in ms
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# cpu_per_delivery CPU_MS_BEFORE... -- PID... -> the CPU ms the processes used since, per drained delivery
cpu_per_delivery() {
  local before=() pid used=0 i=0
  while [ "$1" != -- ]; do before+=("$1"); shift; done
  shift
  for pid in "$@"; do used=$((used + $(cpu_ms "$pid") - before[i])); i=$((i + 1)); done
  awk -v c="$used" -v n="$DRAIN_EVENTS" 'BEGIN { printf "%.3f", c / n }'
}

proc_status() { # proc_status PID FIELD -> the number of a /proc/PID/status line (VmRSS in kB, Threads)
  awk -v field="$2:" '$1 == field { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0
}

# start_gateway NAME JAVA [VAR=VALUE ...]: sets GW_PID, GW_URL, GW_STARTUP_MS (launch to /health/ready 200)
# and GW_SELF_MS (the start-up time the gateway logs itself).
start_gateway() {
  local name=$1 java=$2
  shift 2
  local dir="$OUT/$name"
  [ "${KEEP_DIR:-0}" = 1 ] || rm -rf "$dir" # KEEP_DIR=1: a restart on the same store
  mkdir -p "$dir/data" "$dir/plugins"
  local t0 deadline port=""
  t0=$(now_ms)
  deadline=$((t0 + 120000))
  : >"$dir/gateway.log" # before the launch: the child opens it only after the fork
  # shellcheck disable=SC2086 # GATEWAY_OPTS is a list of JVM options
  env GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=0 GATEWAY_DATA_DIR="$dir/data" GATEWAY_PLUGINS_DIR="$dir/plugins" "$@" \
    "$java" $GATEWAY_OPTS -jar "$JAR" </dev/null >"$dir/gateway.log" 2>&1 &
  GW_PID=$!
  GW_DIR=$dir
  STARTED_PIDS+=("$GW_PID")
  while [ -z "$port" ]; do
    kill -0 "$GW_PID" 2>/dev/null || { tail -20 "$dir/gateway.log" >&2; die "gateway '$name' exited during start-up"; }
    [ "$(now_ms)" -lt "$deadline" ] || die "gateway '$name' did not listen within 120 s ($dir/gateway.log)"
    port=$(sed -n 's#.*listening on http://[^ ]*:\([0-9][0-9]*\)/ .*#\1#p' "$dir/gateway.log" | head -1)
    [ -n "$port" ] || sleep 0.02
  done
  GW_URL="http://127.0.0.1:$port"
  until curl -sf -o /dev/null "$GW_URL/health/ready"; do
    [ "$(now_ms)" -lt "$deadline" ] || die "gateway '$name' was not ready within 120 s ($dir/gateway.log)"
    sleep 0.02
  done
  GW_STARTUP_MS=$(($(now_ms) - t0))
  GW_SELF_MS=$(sed -n 's/.*(started in \([0-9][0-9]*\) ms).*/\1/p' "$dir/gateway.log" | head -1)
  log "gateway '$name' ($java, pid $GW_PID) ready at $GW_URL in $GW_STARTUP_MS ms"
}

stop_gateway() { # stops the last started gateway and deletes its store (tens of MB each); its log stays
  stop_process "$GW_PID"
  rm -rf "$GW_DIR/data" "$GW_DIR/plugins"
}

# start_peer NAME JAVA DELAY_MS: a Downstream (receiver or slow downstream); sets PEER_PID, PEER_URL,
# PEER_STARTUP_MS (launch to the first answered request).
start_peer() {
  local name=$1 java=$2 delay=$3 t0 port="" deadline
  t0=$(now_ms)
  deadline=$((t0 + 60000))
  : >"$OUT/$name.out"
  "$java" -cp "$CLASSES" Downstream "$delay" </dev/null >"$OUT/$name.out" 2>&1 &
  PEER_PID=$!
  STARTED_PIDS+=("$PEER_PID")
  while [ -z "$port" ]; do
    kill -0 "$PEER_PID" 2>/dev/null || { cat "$OUT/$name.out" >&2; die "peer '$name' exited during start-up"; }
    [ "$(now_ms)" -lt "$deadline" ] || die "peer '$name' did not listen within 60 s"
    port=$(sed -n 's/^port=//p' "$OUT/$name.out")
    [ -n "$port" ] || sleep 0.02
  done
  PEER_URL="http://127.0.0.1:$port"
  if [ "$delay" -eq 0 ]; then
    until curl -sf -o /dev/null "$PEER_URL/"; do sleep 0.02; done
  fi
  PEER_STARTUP_MS=$(($(now_ms) - t0))
}

# ------------------------------------------------------------------------------------------ load, results
# load LABEL URL CONCURRENCY REQUESTS BODY_FILE WARMUP PID: sets LOAD_LINE (StepLoad's key=value line)
load() {
  LOAD_LINE=$("$CLIENT_JAVA" -cp "$CLASSES" StepLoad "$@" </dev/null)
  printf '%s\n' "$LOAD_LINE" >>"$OUT/load.log"
  log "$LOAD_LINE"
}

field() { # field KEY LINE -> the number of key=value (units such as /s, ms stripped)
  printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=\([0-9.]*\).*/\1/p" | head -1
}

record() { # record GOAL CONFIG KEY VALUE
  printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS"
}

record_load() { # record_load GOAL CONFIG [THROUGHPUT_FIELD]: the figures of LOAD_LINE (throughput from that field)
  local key
  for key in throughput p50 p99 errors gw_cpu_ms_per_step gw_peak_threads gw_peak_rss_mib gw_jit_share; do
    if [ "$key" = throughput ]; then
      record "$1" "$2" "$key" "$(field "${3:-throughput}" "$LOAD_LINE")"
    else
      record "$1" "$2" "$key" "$(field "$key" "$LOAD_LINE")"
    fi
  done
}

values() { # values GOAL CONFIG KEY -> the recorded values, in order, space-separated
  awk -F'\t' -v g="$1" -v c="$2" -v k="$3" '$1 == g && $2 == c && $3 == k && $4 != "" { printf "%s%s", sep, $4; sep = " " }' "$RESULTS"
}

median() { # median GOAL CONFIG KEY
  values "$1" "$2" "$3" | tr ' ' '\n' | sed '/^$/d' | sort -g | awk '
    { v[NR] = $1 }
    END { if (NR == 0) { print "n/a"; exit }
          m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          if (m == int(m)) printf "%d\n", m; else if (m >= 100) printf "%.0f\n", m; else printf "%.2f\n", m }'
}

ratio() { # ratio A B -> A / B with two decimals
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

rounds_of() { # rounds_of GOAL CONFIG KEY -> "v1 / v2 / v3" (whole numbers)
  values "$1" "$2" "$3" | awk '{ for (i = 1; i <= NF; i++) printf "%s%.0f", (i > 1 ? " / " : ""), $i }'
}

stat_number() { # stat_number URL KEY -> a number field of a JSON answer (first occurrence)
  curl -s "$1" | grep -o "\"$2\":[0-9]*" | head -1 | cut -d: -f2
}

delivered_count() { # delivered_count URL -> deliveries in state delivered, from /v1/events/stats
  local n
  n=$(curl -s "$1/v1/events/stats" | grep -oi '"delivered":[0-9]*' | head -1 | cut -d: -f2)
  echo "${n:-0}"
}

drain_seconds() { # drain_seconds URL EXPECTED -> seconds until EXPECTED deliveries are delivered (empty after 120 s)
  local t0
  t0=$(now_ms)
  while [ "$(delivered_count "$1")" -lt "$2" ]; do
    [ $(($(now_ms) - t0)) -lt 120000 ] || return 0
    sleep 0.1
  done
  awk -v ms="$(($(now_ms) - t0))" 'BEGIN { printf "%.1f", ms / 1000 }'
}

metric() { # metric URL NAME -> the value of an unlabelled Prometheus sample
  curl -s "$1/metrics" | awk -v name="$2" '$1 == name { printf "%.0f\n", $2 }'
}

# rotate N ITEMS...: the items starting at position N modulo their count (spreads drift over configurations)
rotate() {
  local n=$1
  shift
  local items=("$@") i
  for ((i = 0; i < ${#items[@]}; i++)); do printf '%s\n' "${items[$(((i + n) % ${#items[@]}))]}"; done
}

# ------------------------------------------------------------------------------------------------- bodies
write_bodies() {
  # the same task context everywhere, so payload sizes match; ${uuid} is replaced per request by StepLoad
  cat >"$OUT/echo.json" <<'EOF'
{"workflow_step":{"workflow_step_uuid":"${uuid}","attempts":0,"name":"confirm_order"},
 "step_definition":{"name":"confirm_order","handler":{"callable":"echo"}},
 "task":{"task":{"task_uuid":"${uuid}","namespace":"bench","name":"order_flow","context":{"order_id":"ORD-${uuid}","amount":129.5}}}}
EOF
  cat >"$OUT/echo-event.json" <<'EOF'
{"workflow_step":{"workflow_step_uuid":"${uuid}","attempts":0,"name":"confirm_order"},
 "step_definition":{"name":"confirm_order","handler":{"callable":"echo"},
   "publishes_events":[{"name":"order.confirmed","condition":"success","delivery_mode":"durable",
     "schema":{"type":"object","required":["order_id"],"properties":{"order_id":{"type":"string"},"amount":{"type":"number"}}}}]},
 "task":{"task":{"task_uuid":"${uuid}","namespace":"bench","name":"order_flow","context":{"order_id":"ORD-${uuid}","amount":129.5}}}}
EOF
}

batch_body() { # batch_body FILE N: {"steps":[...]} of N echo steps, each as echo.json with its own ${uuid:K}
  local k
  {
    printf '{"steps":['
    for ((k = 1; k <= $2; k++)); do
      [ $k -gt 1 ] && printf ','
      sed "s/\${uuid}/\${uuid:$k}/g" "$OUT/echo.json"
    done
    printf ']}\n'
  } >"$1"
}

webhook_config() { # webhook_config FILE RECEIVER_URL: one endpoint subscribed to the declared event
  cat >"$1" <<EOF
webhooks:
  endpoints:
    - name: bench
      url: $2/hook
      secret: whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=
      events: ["order.confirmed"]
      timeout: 60s                 # longer than the slow receiver's hold: its attempts wait, they do not time out
      allow_private_network: true  # the receiver is on loopback
EOF
}

# --------------------------------------------------------------------------------------------------- goals
goal_events() {
  log "goal 1: events never slow a step (base, A: fast receiver, B: receiver holding each request ${SLOW_RECEIVER_MS} ms)"
  start_peer receiver-fast "$CLIENT_JAVA" 0
  local fast_pid=$PEER_PID fast_url=$PEER_URL
  start_peer receiver-slow "$CLIENT_JAVA" "$SLOW_RECEIVER_MS"
  local slow_pid=$PEER_PID slow_url=$PEER_URL
  webhook_config "$OUT/webhooks-fast.yml" "$fast_url"
  webhook_config "$OUT/webhooks-slow.yml" "$slow_url"
  local round config body
  for ((round = 1; round <= ROUNDS; round++)); do
    while read -r config; do
      case "$config" in
        base) body="$OUT/echo.json"; start_gateway "events-base-$round" "$GATEWAY_JAVA" ;;
        A) body="$OUT/echo-event.json"; start_gateway "events-A-$round" "$GATEWAY_JAVA" GATEWAY_CONFIG="$OUT/webhooks-fast.yml" ;;
        B) body="$OUT/echo-event.json"; start_gateway "events-B-$round" "$GATEWAY_JAVA" GATEWAY_CONFIG="$OUT/webhooks-slow.yml" ;;
      esac
      load "events-$config-r$round" "$GW_URL/v1/steps" "$EVENTS_CONCURRENCY" "$EVENTS_REQUESTS" "$body" "$EVENTS_WARMUP" "$GW_PID"
      record_load events "$config"
      record events "$config" delivered "$(delivered_count "$GW_URL")"
      record events "$config" steps "$((EVENTS_REQUESTS + EVENTS_WARMUP))"
      if [ "$config" = A ]; then
        record events A drain_s "$(drain_seconds "$GW_URL" $((EVENTS_REQUESTS + EVENTS_WARMUP)))"
      fi
      stop_gateway
    done < <(rotate $((round - 1)) base A B)
  done
  stop_process "$fast_pid"
  stop_process "$slow_pid"
}

goal_group_commit() {
  log "goal 2: group commit (durable-event steps at concurrency 1 and 32, one gateway)"
  local round concurrency requests before_steps before_tx
  for ((round = 1; round <= ROUNDS; round++)); do
    start_gateway "commit-$round" "$GATEWAY_JAVA"
    while read -r concurrency; do
      requests=$COMMIT_REQUESTS_1
      [ "$concurrency" = 32 ] && requests=$COMMIT_REQUESTS_32
      before_steps=$(stat_number "$GW_URL/v1/events/stats" committed_steps)
      before_tx=$(stat_number "$GW_URL/v1/events/stats" commit_transactions)
      load "commit-c$concurrency-r$round" "$GW_URL/v1/steps" "$concurrency" "$requests" "$OUT/echo-event.json" "$COMMIT_WARMUP" "$GW_PID"
      record_load commit "c$concurrency"
      record commit "c$concurrency" per_commit "$(awk -v s="$(($(stat_number "$GW_URL/v1/events/stats" committed_steps) - before_steps))" \
        -v t="$(($(stat_number "$GW_URL/v1/events/stats" commit_transactions) - before_tx))" 'BEGIN { if (t > 0) printf "%.2f", s / t }')"
    done < <(rotate $((round - 1)) 1 32)
    stop_gateway
  done
}

goal_threads() {
  if [ ! -x "$JAVA25" ]; then
    log "goal 3 skipped: no Java 21+ at $JAVA25 (set BENCH_JAVA25)"
    THREADS_SKIPPED="no Java 21+ at $JAVA25"
    return
  fi
  local delay round jvm java limit=$((THREADS_CONCURRENCY * 2)) requests warmup
  for delay in $DOWNSTREAM_DELAYS_MS; do
    log "goal 3: virtual threads ($THREADS_CONCURRENCY concurrent http_request steps, downstream holds each $delay ms)"
    start_peer "downstream-$delay" "$JAVA25" "$delay"
    local downstream_pid=$PEER_PID
    sed "s#DOWNSTREAM#$PEER_URL/partner#" >"$OUT/http-request-$delay.json" <<'EOF'
{"workflow_step":{"workflow_step_uuid":"${uuid}","attempts":0,"name":"call_partner"},
 "step_definition":{"name":"call_partner","handler":{"callable":"http_request","initialization":{"url":"DOWNSTREAM","timeout_ms":30000}}},
 "task":{"task":{"task_uuid":"${uuid}","namespace":"bench","name":"partner_flow","context":{}}}}
EOF
    # about the same wall time per hold: requests scale with the I/O-bound ceiling, at most THREADS_REQUESTS
    requests=$(awk -v r="$THREADS_REQUESTS" -v c="$THREADS_CONCURRENCY" -v d="$delay" 'BEGIN { n = int(c * 1000 / d * 15); print (n < r ? n : r) }')
    warmup=$(awk -v w="$THREADS_WARMUP" -v c="$THREADS_CONCURRENCY" -v d="$delay" 'BEGIN { n = int(c * 1000 / d * 5); print (n < w ? n : w) }')
    [ "$requests" -ge "$THREADS_CONCURRENCY" ] || requests=$THREADS_CONCURRENCY
    [ "$warmup" -ge "$THREADS_CONCURRENCY" ] || warmup=$THREADS_CONCURRENCY
    record threads "d$delay" requests "$requests"
    record threads "d$delay" warmup "$warmup"
    for ((round = 1; round <= ROUNDS; round++)); do
      while read -r jvm; do
        java=$JAVA17
        [ "$jvm" = 25 ] && java=$JAVA25
        start_gateway "threads-java$jvm-d$delay-$round" "$java" GATEWAY_MAX_IN_FLIGHT="$limit" GATEWAY_MAX_IN_FLIGHT_PER_HANDLER="$limit"
        load "threads-java$jvm-d$delay-r$round" "$GW_URL/v1/steps" "$THREADS_CONCURRENCY" "$requests" "$OUT/http-request-$delay.json" "$warmup" "$GW_PID"
        record_load threads "java$jvm-d$delay"
        record threads "java$jvm-d$delay" jvm_peak_threads "$(metric "$GW_URL" jvm_threads_peak_threads)"
        stop_gateway
      done < <(rotate $((round - 1)) 17 25)
    done
    stop_process "$downstream_pid"
  done
}

goal_startup() {
  log "goal 4: start-up time and idle memory (gateway vs a bare JDK HttpServer on the same JVM)"
  local round jvm java jvms=(17)
  [ -x "$JAVA25" ] && jvms+=(25)
  for ((round = 1; round <= ROUNDS; round++)); do
    for jvm in "${jvms[@]}"; do
      java=$JAVA17
      [ "$jvm" = 25 ] && java=$JAVA25
      start_peer "bare-java$jvm-$round" "$java" 0
      sleep 3
      record startup "bare$jvm" startup_ms "$PEER_STARTUP_MS"
      record startup "bare$jvm" idle_rss_mib "$(($(proc_status "$PEER_PID" VmRSS) / 1024))"
      record startup "bare$jvm" idle_threads "$(proc_status "$PEER_PID" Threads)"
      stop_process "$PEER_PID"
      start_gateway "startup-java$jvm-$round" "$java"
      sleep 3
      record startup "gateway$jvm" startup_ms "$GW_STARTUP_MS"
      record startup "gateway$jvm" self_ms "$GW_SELF_MS"
      record startup "gateway$jvm" idle_rss_mib "$(($(proc_status "$GW_PID" VmRSS) / 1024))"
      record startup "gateway$jvm" idle_threads "$(proc_status "$GW_PID" Threads)"
      stop_gateway
    done
  done
}

batch_in_flight() { # the most steps the batch configuration has running at once: clients × min(N, batch_parallelism)
  echo $((BATCH_CONCURRENCY * (BATCH_SIZE < BATCH_PARALLELISM ? BATCH_SIZE : BATCH_PARALLELISM)))
}

goal_batch() {
  log "goal 5: batch ($BATCH_CONCURRENCY clients of POST /v1/steps/batch with $BATCH_SIZE echo steps each vs $BATCH_CONCURRENCY, and $(batch_in_flight), clients of single POST /v1/steps)"
  batch_body "$OUT/echo-batch-$BATCH_SIZE.json" "$BATCH_SIZE"
  local round config steps_sent stored before_steps before_tx clients
  for ((round = 1; round <= ROUNDS; round++)); do
    while read -r config; do
      start_gateway "batch-$config-$round" "$GATEWAY_JAVA"
      before_steps=$(stat_number "$GW_URL/v1/events/stats" committed_steps)
      before_tx=$(stat_number "$GW_URL/v1/events/stats" commit_transactions)
      if [ "$config" = batch ]; then
        # requests are batches: BATCH_STEPS / BATCH_SIZE of them, each counted as BATCH_SIZE steps
        load "batch-batch-r$round" "$GW_URL/v1/steps/batch" "$BATCH_CONCURRENCY" $((BATCH_STEPS / BATCH_SIZE)) \
          "$OUT/echo-batch-$BATCH_SIZE.json" $((BATCH_WARMUP / BATCH_SIZE)) "$GW_PID" "$BATCH_SIZE"
        steps_sent=$(((BATCH_STEPS / BATCH_SIZE + BATCH_WARMUP / BATCH_SIZE) * BATCH_SIZE))
        record_load batch batch step_throughput # steps/s, not batches/s
        record batch batch requests_per_s "$(field throughput "$LOAD_LINE")"
      else
        # single: as many clients as batch; single-inflight: as many as batch has steps in flight
        clients=$BATCH_CONCURRENCY
        [ "$config" = single-inflight ] && clients=$(batch_in_flight)
        load "batch-$config-r$round" "$GW_URL/v1/steps" "$clients" "$BATCH_STEPS" "$OUT/echo.json" "$BATCH_WARMUP" "$GW_PID" 1
        steps_sent=$((BATCH_STEPS + BATCH_WARMUP))
        record_load batch "$config" step_throughput
      fi
      stored=$(($(stat_number "$GW_URL/v1/events/stats" committed_steps) - before_steps))
      record batch "$config" stored "$stored"
      record batch "$config" sent "$steps_sent"
      record batch "$config" per_commit "$(awk -v s="$stored" -v t="$(($(stat_number "$GW_URL/v1/events/stats" commit_transactions) - before_tx))" \
        'BEGIN { if (t > 0) printf "%.2f", s / t }')"
      stop_gateway
    done < <(rotate $((round - 1)) single batch single-inflight)
  done
}

# ------------------------------------------------------------------------------------------- goals of issue 9
# start_bare JAVA: bench/BareJersey.java (the same Jersey, Grizzly, Jackson: the gateway jar on its class path);
# sets PEER_PID, PEER_URL
start_bare() {
  local port="" deadline=$(($(now_ms) + 60000))
  : >"$OUT/bare.out"
  # shellcheck disable=SC2086 # GATEWAY_OPTS is a list of JVM options
  "$1" $GATEWAY_OPTS -cp "$JAR:$CLASSES" BareJersey </dev/null >"$OUT/bare.out" 2>&1 &
  PEER_PID=$!
  STARTED_PIDS+=("$PEER_PID")
  while [ -z "$port" ]; do
    kill -0 "$PEER_PID" 2>/dev/null || { cat "$OUT/bare.out" >&2; die "bare Jersey exited during start-up"; }
    [ "$(now_ms)" -lt "$deadline" ] || die "bare Jersey did not listen within 60 s"
    port=$(sed -n 's/^port=//p' "$OUT/bare.out")
    [ -n "$port" ] || sleep 0.02
  done
  PEER_URL="http://127.0.0.1:$port"
}

ok_count() { # ok_count -> the 200 answers of LOAD_LINE
  printf '%s\n' "$LOAD_LINE" | sed -n 's/.*[{ ,]200=\([0-9]*\).*/\1/p'
}

goal_bare() {
  log "goal 6: the step path against the bare stack ($BARE_CONCURRENCY clients, $BARE_REQUESTS echo steps after $BARE_WARMUP, a new uuid each)"
  local round config before after
  for ((round = 1; round <= ROUNDS; round++)); do
    while read -r config; do
      if [ "$config" = bare ]; then
        start_bare "$GATEWAY_JAVA"
        load "bare-bare-r$round" "$PEER_URL/v1/steps" "$BARE_CONCURRENCY" "$BARE_REQUESTS" "$OUT/echo.json" "$BARE_WARMUP" "$PEER_PID"
        record_load bare bare
        stop_process "$PEER_PID"
      else
        start_gateway "bare-gateway-$round" "$GATEWAY_JAVA"
        before=$(stat_number "$GW_URL/v1/events/stats" committed_steps)
        load "bare-gateway-r$round" "$GW_URL/v1/steps" "$BARE_CONCURRENCY" "$BARE_REQUESTS" "$OUT/echo.json" "$BARE_WARMUP" "$GW_PID"
        after=$(stat_number "$GW_URL/v1/events/stats" committed_steps)
        record_load bare gateway
        record bare gateway stored "$((after - before))"
        record bare gateway answered "$(($(ok_count) + BARE_WARMUP))"
        stop_gateway
      fi
    done < <(rotate $((round - 1)) bare gateway)
  done
}

undelivered_count() { # undelivered_count URL -> deliveries pending or failed, from /v1/events/stats
  curl -s "$1/v1/events/stats" | grep -o '"\(pending\|failed\)":[0-9]*' | cut -d: -f2 | awk '{ n += $1 } END { print n + 0 }'
}

delivery_config() { # delivery_config FILE NAME=URL...: endpoints subscribed to step.completed
  local spec
  {
    echo "webhooks:"
    echo "  endpoints:"
    for spec in "${@:2}"; do
      echo "    - name: ${spec%%=*}"
      echo "      url: ${spec#*=}/hook"
      echo "      secret: whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU="
      echo "      events: [\"step.completed\"]"
      echo "      timeout: 60s"
      echo "      allow_private_network: true"
      [ -z "${BENCH_MAX_IN_FLIGHT:-}" ] || echo "      max_in_flight: $BENCH_MAX_IN_FLIGHT"
    done
  } >"$1"
}

goal_pace() {
  log "goal 7: delivery keeps pace ($EVENTS_CONCURRENCY clients for $PACE_SECONDS s, one endpoint on step.completed, a receiver answering at once)"
  start_peer receiver-pace "$CLIENT_JAVA" 0
  local receiver_pid=$PEER_PID round config before_delivered t receiver_cpu delivered
  delivery_config "$OUT/webhooks-pace.yml" "bench=$PEER_URL"
  for ((round = 1; round <= ROUNDS; round++)); do
    while read -r config; do
      if [ "$config" = endpoint ]; then
        start_gateway "pace-endpoint-$round" "$GATEWAY_JAVA" GATEWAY_CONFIG="$OUT/webhooks-pace.yml"
      else
        start_gateway "pace-none-$round" "$GATEWAY_JAVA"
      fi
      load "pace-$config-warmup-r$round" "$GW_URL/v1/steps" "$EVENTS_CONCURRENCY" "$PACE_WARMUP" "$OUT/echo.json" 0
      t=0 # the warm-up's deliveries done first, so that the measured ones are the load's own
      while [ "$(undelivered_count "$GW_URL")" -gt 0 ] && [ $t -lt 600 ]; do sleep 0.1; t=$((t + 1)); done
      before_delivered=$(delivered_count "$GW_URL")
      receiver_cpu=$(cpu_ms "$receiver_pid")
      load "pace-$config-r$round" "$GW_URL/v1/steps" "$EVENTS_CONCURRENCY" "${PACE_SECONDS}s" "$OUT/echo.json" 0 "$GW_PID"
      receiver_cpu=$(($(cpu_ms "$receiver_pid") - receiver_cpu))
      delivered=$(($(delivered_count "$GW_URL") - before_delivered))
      record pace "$config" delivered "$delivered"
      [ "$delivered" -gt 0 ] && record pace "$config" receiver_cpu_ms_per_delivery "$(awk -v c="$receiver_cpu" -v d="$delivered" 'BEGIN { printf "%.2f", c / d }')"
      record pace "$config" depth "$(undelivered_count "$GW_URL")"
      record_load pace "$config"
      record pace "$config" answered "$(ok_count)"
      stop_gateway
    done < <(rotate $((round - 1)) none endpoint)
  done
  stop_process "$receiver_pid"
}

pg_sql() { # pg_sql JDBC_URL SQL: runs SQL on the database of a jdbc:postgresql://HOST:PORT/DB?user=U URL
  local rest=${1#jdbc:postgresql://} user hostport db
  user=$(printf '%s' "$rest" | sed -n 's/.*user=\([^&]*\).*/\1/p')
  hostport=${rest%%/*}
  db=${rest#*/}
  db=${db%%\?*}
  psql -qAt -h "${hostport%%:*}" -p "${hostport##*:}" -U "${user:-postgres}" -d "$db" -c "$2"
}

# seed_disabled NAME JAVA ENDPOINTS_YAML [VAR=VALUE ...]: a gateway whose endpoints are disabled in the store
# (by SQL: on H2 while it is stopped, on PostgreSQL beside it), then DRAIN_EVENTS steps posted to it in batches
# of 10, so that DRAIN_EVENTS step.completed deliveries per endpoint wait; the gateway stays up (GW_*).
seed_disabled() {
  local name=$1 java=$2 yaml=$3 db_url="" arg
  shift 3
  for arg in "$@"; do case "$arg" in GATEWAY_DB_URL=*) db_url=${arg#GATEWAY_DB_URL=} ;; esac; done
  local disable="UPDATE webhook_endpoint_state SET disabled_reason = 'bench: seeding' WHERE endpoint <> 'warm'"
  start_gateway "$name" "$java" GATEWAY_CONFIG="$yaml" "$@"
  if [ -n "$db_url" ]; then
    pg_sql "$db_url" "$disable" >/dev/null
    sleep 1.5 # the running gateways see it at their next poll (500 ms): until then they would still send
  else
    stop_process "$GW_PID"
    java -cp "$JAR" org.h2.tools.Shell -url "jdbc:h2:file:$GW_DIR/data/gateway" -user "" -sql "$disable" >/dev/null
    KEEP_DIR=1 start_gateway "$name" "$java" GATEWAY_CONFIG="$yaml" "$@"
  fi
  if [ -n "${SEED_WITH:-}" ]; then # a second gateway on the same (PostgreSQL) store, up during the seeding
    local first_pid=$GW_PID first_url=$GW_URL first_dir=$GW_DIR
    start_gateway "$SEED_WITH" "$java" GATEWAY_CONFIG="$yaml" "$@"
    SEED_WITH_PID=$GW_PID SEED_WITH_URL=$GW_URL
    GW_PID=$first_pid GW_URL=$first_url GW_DIR=$first_dir
  fi
  [ -f "$OUT/echo-batch-10.json" ] || batch_body "$OUT/echo-batch-10.json" 10
  load "$name-seed" "$GW_URL/v1/steps/batch" 8 $((DRAIN_EVENTS / 10)) "$OUT/echo-batch-10.json" 0 "" 10
  if [ "$DRAIN_WARMUP" = 1 ]; then
    local t=0
    while [ "$(endpoint_delivered "$GW_URL" warm)" -lt "$DRAIN_EVENTS" ] && [ $t -lt 3000 ]; do sleep 0.1; t=$((t + 1)); done
    log "$name: warm-up endpoint delivered $(endpoint_delivered "$GW_URL" warm) of $DRAIN_EVENTS"
  fi
}

# warm_endpoint ROUND -> "warm=URL" of a new receiver for the warm-up endpoint (BENCH_DRAIN_WARMUP=1), else nothing
warm_endpoint() {
  [ "$DRAIN_WARMUP" = 1 ] || return 0
  start_peer "receiver-warm-$1" "$CLIENT_JAVA" 0
  WARM_PID=$PEER_PID
  echo "warm=$PEER_URL"
}

endpoint_delivered() { # endpoint_delivered URL ENDPOINT -> its deliveries in state delivered
  local n
  n=$(curl -s "$1/v1/events/stats" | grep -o "\"$2\":{[^}]*}" | grep -o '"delivered":[0-9]*' | cut -d: -f2)
  echo "${n:-0}"
}

# drain_rate URL ENDPOINT EXPECTED RECEIVER_URL -> deliveries/s from the end of the replay that makes ENDPOINT's
# deliveries due now and then enables it, until EXPECTED are delivered; 0 when that takes over 5 minutes. While
# they drain, the receiver's /stats is polled (every 0.05 s: distinct webhook-ids received), not the gateway:
# each /v1/events/stats counts every delivery in the store, which the gateway paid for on every poll (about 5 %
# of its samples in a drain of 10,000, 5 polls a second); once the receiver has them all, the gateway is polled
# until its store says delivered (the record follows the answer within milliseconds).
drain_rate() {
  local t0 deadline
  curl -s -o /dev/null -X POST "$1/v1/webhooks/$2/replay?since=2000-01-01T00:00:00Z"
  t0=$(now_ms)
  deadline=$((t0 + 300000))
  while [ "$(received_distinct "$4")" -lt "$3" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo 0; return; }
    sleep 0.05
  done
  while [ "$(endpoint_delivered "$1" "$2")" -lt "$3" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo 0; return; }
    sleep 0.05
  done
  awk -v n="$3" -v ms="$(($(now_ms) - t0))" 'BEGIN { printf "%.0f", n * 1000 / ms }'
}

received_distinct() { # received_distinct RECEIVER_URL -> distinct webhook-ids the receiver got
  local n
  n=$(curl -s "$1/stats" | sed -n 's/.*"distinct_webhook_ids":\([0-9]*\).*/\1/p')
  echo "${n:-0}"
}

# drain_jfr start|stop NAME PID: with BENCH_DRAIN_JFR=1, a JFR recording of PID while it drains (stop dumps it
# to $OUT/NAME.drain.jfr and prints its tables by library, thread and top frame to $OUT/NAME.drain.txt)
drain_jfr() {
  [ "${BENCH_DRAIN_JFR:-0}" = 1 ] || return 0
  if [ "$1" = start ]; then
    jcmd "$3" JFR.start name=drain settings="${BENCH_PROFILE_SETTINGS:-profile}" >/dev/null
  else
    jcmd "$3" JFR.stop name=drain filename="$OUT/$2.drain.jfr" >/dev/null
    "$CLIENT_JAVA" "$ROOT/bench/JfrTable.java" "$OUT/$2.drain.jfr" 25 >"$OUT/$2.drain.txt" 2>&1 || true
    log "drain profile of $2: $OUT/$2.drain.txt"
  fi
}

goal_drain() {
  log "goal 8: drain $DRAIN_EVENTS stored events to one endpoint (H2; PostgreSQL with two instances)"
  local round pg=1 db url receiver_pid receiver_url stats a_pid a_url b_pid b_url cpu0 cpu1
  pg_sql "$PG_URL" "SELECT 1" >/dev/null 2>&1 || { pg=0; log "goal 8: PostgreSQL at $PG_URL does not answer: H2 only"; }
  for ((round = 1; round <= ROUNDS; round++)); do
    start_peer "receiver-drain-$round" "$CLIENT_JAVA" 0
    receiver_pid=$PEER_PID receiver_url=$PEER_URL
    WARM_PID=""
    warm_endpoint "$round" >"$OUT/warm.spec"
    # shellcheck disable=SC2046 # the warm-up endpoint's spec is one word, or none
    delivery_config "$OUT/webhooks-drain.yml" "fast=$receiver_url" $(cat "$OUT/warm.spec")
    seed_disabled "drain-h2-$round" "$GATEWAY_JAVA" "$OUT/webhooks-drain.yml"
    drain_jfr start "drain-h2-$round" "$GW_PID"
    cpu0=$(cpu_ms "$GW_PID")
    record drain h2 rate "$(drain_rate "$GW_URL" fast "$DRAIN_EVENTS" "$receiver_url")"
    record drain h2 gw_cpu_ms_per_delivery "$(cpu_per_delivery "$cpu0" -- "$GW_PID")"
    drain_jfr stop "drain-h2-$round" "$GW_PID"
    record drain h2 per_commit "$(awk -v a="$(stat_number "$GW_URL/v1/events/stats" recorded_attempts)" \
      -v t="$(stat_number "$GW_URL/v1/events/stats" attempt_transactions)" 'BEGIN { if (t > 0) printf "%.1f", a / t }')"
    stop_gateway
    stop_process "$receiver_pid"
    [ -z "$WARM_PID" ] || stop_process "$WARM_PID"
    [ $pg = 1 ] || continue
    start_peer "receiver-drain-pg-$round" "$CLIENT_JAVA" 0
    receiver_pid=$PEER_PID receiver_url=$PEER_URL
    WARM_PID=""
    warm_endpoint "pg-$round" >"$OUT/warm.spec"
    # shellcheck disable=SC2046
    delivery_config "$OUT/webhooks-drain.yml" "fast=$receiver_url" $(cat "$OUT/warm.spec")
    db="bench_drain_$$_$round"
    pg_sql "$PG_URL" "CREATE DATABASE $db" >/dev/null
    url=$(printf '%s' "$PG_URL" | sed "s#\(jdbc:postgresql://[^/]*\)/[^?]*#\1/$db#")
    if [ "$DRAIN_WARMUP" = 1 ]; then # both instances up while the warm-up endpoint delivers
      SEED_WITH="drain-pg-b-$round" seed_disabled "drain-pg-a-$round" "$GATEWAY_JAVA" "$OUT/webhooks-drain.yml" \
        GATEWAY_DB_URL="$url"
      a_pid=$GW_PID a_url=$GW_URL b_pid=$SEED_WITH_PID b_url=$SEED_WITH_URL
    else
      seed_disabled "drain-pg-a-$round" "$GATEWAY_JAVA" "$OUT/webhooks-drain.yml" GATEWAY_DB_URL="$url"
      a_pid=$GW_PID a_url=$GW_URL
      start_gateway "drain-pg-b-$round" "$GATEWAY_JAVA" GATEWAY_CONFIG="$OUT/webhooks-drain.yml" GATEWAY_DB_URL="$url"
      b_pid=$GW_PID b_url=$GW_URL
    fi
    drain_jfr start "drain-pg-a-$round" "$a_pid"
    drain_jfr start "drain-pg-b-$round" "$b_pid"
    cpu0=$(cpu_ms "$a_pid") cpu1=$(cpu_ms "$b_pid")
    record drain pg2 rate "$(drain_rate "$a_url" fast "$DRAIN_EVENTS" "$receiver_url")"
    record drain pg2 gw_cpu_ms_per_delivery "$(cpu_per_delivery "$cpu0" "$cpu1" -- "$a_pid" "$b_pid")"
    drain_jfr stop "drain-pg-a-$round" "$a_pid"
    drain_jfr stop "drain-pg-b-$round" "$b_pid"
    stats=$(curl -s "$receiver_url/stats")
    record drain pg2 received "$(printf '%s' "$stats" | sed -n 's/.*"received":\([0-9]*\).*/\1/p')"
    record drain pg2 distinct "$(printf '%s' "$stats" | sed -n 's/.*"distinct_webhook_ids":\([0-9]*\).*/\1/p')"
    record drain pg2 by_a "$(stat_number "$a_url/v1/events/stats" recorded_attempts)"
    record drain pg2 by_b "$(stat_number "$b_url/v1/events/stats" recorded_attempts)"
    stop_process "$b_pid"
    stop_process "$a_pid"
    pg_sql "$PG_URL" "DROP DATABASE $db" >/dev/null || true
    stop_process "$receiver_pid"
    [ -z "$WARM_PID" ] || stop_process "$WARM_PID"
  done
}

goal_isolation() {
  log "goal 9: drain with a second endpoint holding every request ${SLOW_RECEIVER_MS} ms"
  local round fast_pid slow_pid fast_url slow_url cpu0
  for ((round = 1; round <= ROUNDS; round++)); do
    start_peer "receiver-iso-fast-$round" "$CLIENT_JAVA" 0
    fast_pid=$PEER_PID fast_url=$PEER_URL
    start_peer "receiver-iso-slow-$round" "$CLIENT_JAVA" "$SLOW_RECEIVER_MS"
    slow_pid=$PEER_PID
    slow_url=$PEER_URL WARM_PID=""
    warm_endpoint "iso-$round" >"$OUT/warm.spec"
    # shellcheck disable=SC2046
    delivery_config "$OUT/webhooks-iso.yml" "fast=$fast_url" "slow=$slow_url" $(cat "$OUT/warm.spec")
    seed_disabled "iso-$round" "$GATEWAY_JAVA" "$OUT/webhooks-iso.yml"
    curl -s -o /dev/null -X POST "$GW_URL/v1/webhooks/slow/replay?since=2000-01-01T00:00:00Z"
    drain_jfr start "iso-$round" "$GW_PID"
    cpu0=$(cpu_ms "$GW_PID")
    record isolation fast rate "$(drain_rate "$GW_URL" fast "$DRAIN_EVENTS" "$fast_url")"
    record isolation fast gw_cpu_ms_per_delivery "$(cpu_per_delivery "$cpu0" -- "$GW_PID")"
    drain_jfr stop "iso-$round" "$GW_PID"
    record isolation slow delivered "$(endpoint_delivered "$GW_URL" slow)"
    stop_gateway
    stop_process "$slow_pid"
    stop_process "$fast_pid"
    [ -z "$WARM_PID" ] || stop_process "$WARM_PID"
  done
}

goal_claims() {
  if ! command -v psql >/dev/null || ! pg_sql "$PG_URL" "SELECT 1" >/dev/null 2>&1; then
    log "goal 10 skipped: no PostgreSQL at $PG_URL (BENCH_PG_URL) or no psql"
    CLAIMS_SKIPPED="no PostgreSQL at $PG_URL"
    return
  fi
  log "goal 10: step claims on PostgreSQL (echo steps at concurrency 1 and 32, step_claims=off vs on)"
  local round config concurrency requests db url before_steps before_tx
  for ((round = 1; round <= ROUNDS; round++)); do
    while read -r config; do
      db="gateway_bench_claims_${config}_${round}_$$"
      pg_sql "$PG_URL" "CREATE DATABASE $db" >/dev/null
      url=$(printf '%s' "$PG_URL" | sed "s#\(jdbc:postgresql://[^/]*\)/[^?]*#\1/$db#")
      start_gateway "claims-$config-$round" "$GATEWAY_JAVA" GATEWAY_DB_URL="$url" GATEWAY_STEP_CLAIMS="$config"
      while read -r concurrency; do
        requests=$CLAIMS_REQUESTS_1
        [ "$concurrency" = 32 ] && requests=$CLAIMS_REQUESTS_32
        before_steps=$(stat_number "$GW_URL/v1/events/stats" committed_steps)
        before_tx=$(stat_number "$GW_URL/v1/events/stats" commit_transactions)
        load "claims-$config-c$concurrency-r$round" "$GW_URL/v1/steps" "$concurrency" "$requests" "$OUT/echo.json" "$CLAIMS_WARMUP" "$GW_PID"
        record_load claims "$config-c$concurrency"
        record claims "$config-c$concurrency" per_commit "$(awk -v s="$(($(stat_number "$GW_URL/v1/events/stats" committed_steps) - before_steps))" \
          -v t="$(($(stat_number "$GW_URL/v1/events/stats" commit_transactions) - before_tx))" 'BEGIN { if (t > 0) printf "%.2f", s / t }')"
      done < <(rotate $((round - 1)) 1 32)
      record claims "$config" claims_left "$(pg_sql "$url" "SELECT COUNT(*) FROM step_claims")"
      stop_gateway
      pg_sql "$PG_URL" "DROP DATABASE $db" >/dev/null || true
    done < <(rotate $((round - 1)) off on)
  done
}

# ------------------------------------------------------------------------------------------------- report
report_events() {
  local c
  echo "### 1. Events never slow a step beyond one short durable write"
  echo
  echo "Closed loop, $EVENTS_CONCURRENCY concurrent clients, $EVENTS_REQUESTS measured steps after $EVENTS_WARMUP warm-up, per round; medians of $ROUNDS round(s)."
  echo
  echo "| configuration | steps/s (median) | steps/s per round | p50 ms | p99 ms | gateway CPU ms/step | non-200 | webhooks delivered when the load ended / steps |"
  echo "|---|---|---|---|---|---|---|---|"
  for c in base A B; do
    local name
    case $c in
      base) name="base: echo, no declared event, no endpoint" ;;
      A) name="A: + 1 durable event, endpoint answers 200 at once" ;;
      B) name="B: + 1 durable event, endpoint holds each request $((SLOW_RECEIVER_MS / 1000)) s" ;;
    esac
    echo "| $name | $(median events $c throughput) | $(rounds_of events $c throughput) | $(median events $c p50) | $(median events $c p99) | $(median events $c gw_cpu_ms_per_step) | $(median events $c errors) | $(median events $c delivered) / $(median events $c steps) |"
  done
  echo
  echo "| ratio | throughput | p50 | p99 | CPU/step |"
  echo "|---|---|---|---|---|"
  echo "| A / base | $(ratio "$(median events A throughput)" "$(median events base throughput)") | $(ratio "$(median events A p50)" "$(median events base p50)") | $(ratio "$(median events A p99)" "$(median events base p99)") | $(ratio "$(median events A gw_cpu_ms_per_step)" "$(median events base gw_cpu_ms_per_step)") |"
  echo "| B / A | $(ratio "$(median events B throughput)" "$(median events A throughput)") | $(ratio "$(median events B p50)" "$(median events A p50)") | $(ratio "$(median events B p99)" "$(median events A p99)") | $(ratio "$(median events B gw_cpu_ms_per_step)" "$(median events A gw_cpu_ms_per_step)") |"
  echo "| B / base | $(ratio "$(median events B throughput)" "$(median events base throughput)") | $(ratio "$(median events B p50)" "$(median events base p50)") | $(ratio "$(median events B p99)" "$(median events base p99)") | $(ratio "$(median events B gw_cpu_ms_per_step)" "$(median events base gw_cpu_ms_per_step)") |"
  echo
  echo "In A, every webhook was delivered $(median events A drain_s) s (median; per round: $(values events A drain_s | sed 's/ / \/ /g')) after the load ended (empty: not within 120 s)."
  echo
}

report_commit() {
  echo "### 2. Group commit"
  echo
  echo "Durable-event steps (as in A, no endpoint), one gateway per round, $COMMIT_REQUESTS_1 measured steps at concurrency 1 and $COMMIT_REQUESTS_32 at 32, each after $COMMIT_WARMUP warm-up; medians of $ROUNDS round(s). Step records per commit: \`committed_steps / commit_transactions\` of \`GET /v1/events/stats\` over the run (warm-up included)."
  echo
  echo "| concurrency | steps/s (median) | steps/s per round | p50 ms | p99 ms | gateway CPU ms/step | step records per commit |"
  echo "|---|---|---|---|---|---|---|"
  local c
  for c in 1 32; do
    echo "| $c | $(median commit c$c throughput) | $(rounds_of commit c$c throughput) | $(median commit c$c p50) | $(median commit c$c p99) | $(median commit c$c gw_cpu_ms_per_step) | $(median commit c$c per_commit) |"
  done
  echo
  echo "Ratio 32 / 1: throughput $(ratio "$(median commit c32 throughput)" "$(median commit c1 throughput)"), p50 latency $(ratio "$(median commit c32 p50)" "$(median commit c1 p50)"), records per commit $(ratio "$(median commit c32 per_commit)" "$(median commit c1 per_commit)")."
  echo
}

report_threads() {
  echo "### 3. Virtual threads: many handlers waiting on downstream I/O"
  echo
  if [ -n "${THREADS_SKIPPED:-}" ]; then
    echo "Skipped: $THREADS_SKIPPED."
    echo
    return
  fi
  echo "\`http_request\` steps against a local downstream that holds each request for the given time; $THREADS_CONCURRENCY concurrent clients (\`max_in_flight\` and \`max_in_flight_per_handler\` $((THREADS_CONCURRENCY * 2))); the same jar and JVM options on both JVMs; medians of $ROUNDS round(s). Ceiling: what the downstream's hold alone allows, $THREADS_CONCURRENCY / hold. Threads and RSS: peaks sampled from \`/proc/PID/status\` every 50 ms during the measured steps (OS threads are every platform thread, JVM-internal ones included; virtual threads are not OS threads); \`jvm_threads_peak_threads\` from \`/metrics\` after the run (since start)."
  echo
  echo "| downstream hold | gateway JVM | measured steps (warm-up) | ceiling steps/s | steps/s (median) | steps/s per round | p50 ms | p99 ms | peak OS threads | jvm_threads_peak_threads | peak RSS MiB | gateway CPU ms/step | non-200 |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  local d j c ceiling
  for d in $DOWNSTREAM_DELAYS_MS; do
    ceiling=$(awk -v c="$THREADS_CONCURRENCY" -v d="$d" 'BEGIN { printf "%.0f", c * 1000 / d }')
    for j in 17 25; do
      c="java$j-d$d"
      echo "| $d ms | Java $j | $(median threads d$d requests) ($(median threads d$d warmup)) | $ceiling | $(median threads $c throughput) | $(rounds_of threads $c throughput) | $(median threads $c p50) | $(median threads $c p99) | $(median threads $c gw_peak_threads) | $(median threads $c jvm_peak_threads) | $(median threads $c gw_peak_rss_mib) | $(median threads $c gw_cpu_ms_per_step) | $(median threads $c errors) |"
    done
  done
  echo
  echo "| ratio Java 25 / Java 17 | throughput | p50 | p99 | peak OS threads | peak RSS | CPU/step |"
  echo "|---|---|---|---|---|---|---|"
  local a b
  for d in $DOWNSTREAM_DELAYS_MS; do
    a="java25-d$d" b="java17-d$d"
    echo "| downstream hold $d ms | $(ratio "$(median threads $a throughput)" "$(median threads $b throughput)") | $(ratio "$(median threads $a p50)" "$(median threads $b p50)") | $(ratio "$(median threads $a p99)" "$(median threads $b p99)") | $(ratio "$(median threads $a gw_peak_threads)" "$(median threads $b gw_peak_threads)") | $(ratio "$(median threads $a gw_peak_rss_mib)" "$(median threads $b gw_peak_rss_mib)") | $(ratio "$(median threads $a gw_cpu_ms_per_step)" "$(median threads $b gw_cpu_ms_per_step)") |"
  done
  echo
}

report_startup() {
  echo "### 4. Start-up time and idle memory"
  echo
  echo "Start-up: from launching the JVM to the first 200 (gateway: \`/health/ready\`; bare: any request). Idle: RSS and OS threads 3 s after that. Bare = \`bench/Downstream.java\`, a JDK \`HttpServer\` answering 200, on the same JVM: the floor any Java HTTP service pays. Medians of $ROUNDS round(s)."
  echo
  echo "| process | start-up ms | start-up ms per round | gateway's own \"started in\" ms | idle RSS MiB | idle OS threads |"
  echo "|---|---|---|---|---|---|"
  local j
  for j in 17 25; do
    [ -n "$(values startup "gateway$j" startup_ms)" ] || continue
    echo "| bare HttpServer, Java $j | $(median startup bare$j startup_ms) | $(rounds_of startup bare$j startup_ms) | | $(median startup bare$j idle_rss_mib) | $(median startup bare$j idle_threads) |"
    echo "| gateway, Java $j | $(median startup gateway$j startup_ms) | $(rounds_of startup gateway$j startup_ms) | $(median startup gateway$j self_ms) | $(median startup gateway$j idle_rss_mib) | $(median startup gateway$j idle_threads) |"
  done
  echo
  echo "| ratio | start-up | idle RSS |"
  echo "|---|---|---|"
  for j in 17 25; do
    [ -n "$(values startup "gateway$j" startup_ms)" ] || continue
    echo "| gateway / bare, Java $j | $(ratio "$(median startup gateway$j startup_ms)" "$(median startup bare$j startup_ms)") | $(ratio "$(median startup gateway$j idle_rss_mib)" "$(median startup bare$j idle_rss_mib)") |"
  done
  if [ -n "$(values startup gateway25 startup_ms)" ]; then
    echo "| gateway, Java 25 / Java 17 | $(ratio "$(median startup gateway25 startup_ms)" "$(median startup gateway17 startup_ms)") | $(ratio "$(median startup gateway25 idle_rss_mib)" "$(median startup gateway17 idle_rss_mib)") |"
  fi
  echo
}

report_batch() {
  echo "### 5. Batch: POST /v1/steps/batch against the same steps one by one"
  echo
  echo "$BATCH_CONCURRENCY concurrent clients in the two compared configurations: each sends \`POST /v1/steps/batch\` with $BATCH_SIZE echo steps (each its own \`workflow_step_uuid\`), or single \`POST /v1/steps\` with one such step; $BATCH_STEPS measured steps after $BATCH_WARMUP warm-up, per round (batch: $((BATCH_STEPS / BATCH_SIZE)) requests after $((BATCH_WARMUP / BATCH_SIZE))); one gateway per configuration and round, \`batch_parallelism\` at its default ($BATCH_PARALLELISM), so a batch has up to $((BATCH_SIZE < BATCH_PARALLELISM ? BATCH_SIZE : BATCH_PARALLELISM)) steps running and the batch configuration up to $(batch_in_flight); the reference sends single steps from that many clients, to tell fewer requests from more steps in flight; medians of $ROUNDS round(s). Steps/s and CPU counted per step (batch: requests/s × $BATCH_SIZE); latency and non-200 per request (a batch answers once for its $BATCH_SIZE steps). Steps stored: \`committed_steps\` of \`GET /v1/events/stats\` over the run (warm-up included) against the steps sent."
  echo
  echo "| configuration | steps/s (median) | steps/s per round | requests/s | p50 ms per request | p99 ms per request | gateway CPU ms/step | non-200 requests | steps stored / sent | step records per commit |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local c name rps
  for c in single batch single-inflight; do
    case $c in
      single) name="single: $BATCH_CONCURRENCY clients × POST /v1/steps"; rps=$(median batch single throughput) ;;
      batch) name="batch: $BATCH_CONCURRENCY clients × POST /v1/steps/batch of $BATCH_SIZE"; rps=$(median batch batch requests_per_s) ;;
      single-inflight) name="reference: $(batch_in_flight) clients × POST /v1/steps (batch's steps in flight)"; rps=$(median batch single-inflight throughput) ;;
    esac
    echo "| $name | $(median batch $c throughput) | $(rounds_of batch $c throughput) | $rps | $(median batch $c p50) | $(median batch $c p99) | $(median batch $c gw_cpu_ms_per_step) | $(median batch $c errors) | $(median batch $c stored) / $(median batch $c sent) | $(median batch $c per_commit) |"
  done
  echo
  echo "| ratio | steps/s | CPU/step | step records per commit |"
  echo "|---|---|---|---|"
  echo "| batch / single | $(ratio "$(median batch batch throughput)" "$(median batch single throughput)") | $(ratio "$(median batch batch gw_cpu_ms_per_step)" "$(median batch single gw_cpu_ms_per_step)") | $(ratio "$(median batch batch per_commit)" "$(median batch single per_commit)") |"
  echo "| batch / reference | $(ratio "$(median batch batch throughput)" "$(median batch single-inflight throughput)") | $(ratio "$(median batch batch gw_cpu_ms_per_step)" "$(median batch single-inflight gw_cpu_ms_per_step)") | $(ratio "$(median batch batch per_commit)" "$(median batch single-inflight per_commit)") |"
  echo
}

verdict() { # verdict VALUE OP TARGET -> "met" or "not met" (OP: ge or le); "n/a" without a value
  awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { if (v == "n/a" || v == "") { print "n/a"; exit }
    ok = (op == "ge") ? (v + 0 >= t + 0) : (v + 0 <= t + 0); print (ok ? "met" : "**not met**") }'
}

report_bare() {
  echo "### 6. The step path against the bare stack (issue 9, goal 1)"
  echo
  echo "Bare: \`bench/BareJersey.java\`, a Jersey resource on Grizzly with the gateway jar's own Jersey, Grizzly and Jackson, reading the step as JSON and answering a result of the same shape and size as the echo handler's (583 bytes for this body), without a handler, thread hand-off or store. Gateway: echo steps, no webhook endpoint, every step stored before it is answered. $BARE_CONCURRENCY clients, $BARE_REQUESTS measured requests after $BARE_WARMUP warm-up, each a new \`workflow_step_uuid\`; same JVM and options; medians of $ROUNDS round(s). Stored: \`committed_steps\` of \`GET /v1/events/stats\` over the run, against the 200 answers."
  echo
  echo "| configuration | requests/s (median) | per round | p50 ms | p99 ms | p99 per round | CPU ms/request | of it JIT | non-200 | stored / answered |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  local c
  for c in bare gateway; do
    echo "| $c | $(median bare $c throughput) | $(rounds_of bare $c throughput) | $(median bare $c p50) | $(median bare $c p99) | $(rounds_of bare $c p99) | $(median bare $c gw_cpu_ms_per_step) | $(median bare $c gw_jit_share) | $(median bare $c errors) | $( [ $c = gateway ] && echo "$(median bare gateway stored) / $(median bare gateway answered)") |"
  done
  local t p
  t=$(ratio "$(median bare gateway throughput)" "$(median bare bare throughput)")
  p=$(ratio "$(median bare gateway p99)" "$(median bare bare p99)")
  echo
  echo "| ratio gateway / bare | value | goal | |"
  echo "|---|---|---|---|"
  echo "| throughput | $t | >= 0.5 | $(verdict "$t" ge 0.5) |"
  echo "| p99 | $p | <= 1.5 | $(verdict "$p" le 1.5) |"
  echo "| CPU per request | $(ratio "$(median bare gateway gw_cpu_ms_per_step)" "$(median bare bare gw_cpu_ms_per_step)") | | |"
  echo
}

report_pace() {
  echo "### 7. Delivery keeps pace with steps (issue 9, goal 2)"
  echo
  echo "$EVENTS_CONCURRENCY clients send echo steps back to back for $PACE_SECONDS s (after $PACE_WARMUP warm-up steps whose deliveries are done before the load starts). With an endpoint: one endpoint subscribed to \`step.completed\` (every step fires one), \`bench/Downstream.java\` answering 200 at once, on the same machine. Without: no endpoint. Delivered: deliveries completed during the load (\`delivered\` of \`GET /v1/events/stats\` after minus before); outbox depth: deliveries pending or failed when the load ended. Medians of $ROUNDS round(s)."
  echo
  echo "| configuration | steps/s (median) | per round | p99 ms | gateway CPU ms/step | steps answered | delivered during the load | delivered / answered per round | outbox depth at the end | depth per round | receiver CPU ms/delivery |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  local c per
  for c in none endpoint; do
    per=$(paste -d/ <(values pace $c delivered | tr ' ' '\n') <(values pace $c answered | tr ' ' '\n') | awk -F/ '{ printf "%s%.2f", (NR > 1 ? " / " : ""), ($2 > 0 ? $1 / $2 : 0) }')
    echo "| $( [ $c = none ] && echo "no endpoint" || echo "one endpoint") | $(median pace $c throughput) | $(rounds_of pace $c throughput) | $(median pace $c p99) | $(median pace $c gw_cpu_ms_per_step) | $(median pace $c answered) | $(median pace $c delivered) | $( [ $c = endpoint ] && echo "$per") | $( [ $c = endpoint ] && median pace $c depth) | $( [ $c = endpoint ] && rounds_of pace $c depth) | $( [ $c = endpoint ] && median pace $c receiver_cpu_ms_per_delivery) |"
  done
  local d s depth_s
  d=$(ratio "$(median pace endpoint delivered)" "$(median pace endpoint answered)")
  s=$(ratio "$(median pace endpoint throughput)" "$(median pace none throughput)")
  depth_s=$(ratio "$(median pace endpoint depth)" "$(median pace endpoint throughput)")
  echo
  echo "| ratio | value | goal | |"
  echo "|---|---|---|---|"
  echo "| deliveries during the load / steps answered | $d | >= 0.9 | $(verdict "$d" ge 0.9) |"
  echo "| outbox depth at the end, in seconds of steps (depth / steps per s) | $depth_s | < 2 | $(verdict "$depth_s" le 2) |"
  echo "| step throughput, endpoint / none | $s | >= 0.8 | $(verdict "$s" ge 0.8) |"
  echo
}

drain_warmup_note() {
  if [ "$DRAIN_WARMUP" = 1 ]; then
    echo "Warm-up (\`BENCH_DRAIN_WARMUP=1\`): a third endpoint, \`warm\`, enabled with its own receiver, delivered all $DRAIN_EVENTS seeded events (on PostgreSQL with both instances up) before the clock started, so the delivery path was compiled; the store holds its deliveries too."
  else
    echo "No warm-up: the drain runs in gateways that have run steps but never delivered (\`BENCH_DRAIN_WARMUP=1\` warms them first)."
  fi
  echo
}

report_drain() {
  echo "### 8. Draining stored events (issue 9, goal 3)"
  echo
  echo "$DRAIN_EVENTS steps posted (batches of 10) while the one endpoint (on \`step.completed\`, a receiver answering at once) is disabled in the store, so $DRAIN_EVENTS deliveries wait; then \`POST /v1/webhooks/fast/replay\` enables it and the clock runs until all are \`delivered\`. H2: one gateway. PostgreSQL: two gateways on one fresh database, the replay sent to the first; the receiver counts requests and distinct \`webhook-id\`s. Default endpoint settings (\`max_in_flight\` 32). Medians of $ROUNDS round(s)."
  echo
  drain_warmup_note
  echo "| store | deliveries/s (median) | per round | ratio to the goal (2,000/s) | | gateway CPU ms per delivery (median; both instances on PostgreSQL) |"
  echo "|---|---|---|---|---|---|"
  local h p
  h=$(median drain h2 rate)
  echo "| H2, one instance | $h | $(rounds_of drain h2 rate) | $(ratio "$h" 2000) | $(verdict "$h" ge 2000) | $(median drain h2 gw_cpu_ms_per_delivery) |"
  if [ -n "$(values drain pg2 rate)" ]; then
    p=$(median drain pg2 rate)
    echo "| PostgreSQL, two instances | $p | $(rounds_of drain pg2 rate) | $(ratio "$p" 2000) | $(verdict "$p" ge 2000) | $(median drain pg2 gw_cpu_ms_per_delivery) |"
    echo
    echo "PostgreSQL rounds: requests received $(rounds_of drain pg2 received), distinct webhook-ids $(rounds_of drain pg2 distinct) (equal: none delivered twice); attempts recorded by instance A $(rounds_of drain pg2 by_a), by B $(rounds_of drain pg2 by_b)."
  else
    echo "| PostgreSQL, two instances | not measured (no PostgreSQL at \`$PG_URL\`) | | | |"
  fi
  echo
}

report_isolation() {
  echo "### 9. Isolation: draining beside an endpoint that holds every request ${SLOW_RECEIVER_MS} ms (issue 9, goal 4)"
  echo
  echo "As goal 8 on H2, with a second endpoint (\`slow\`, also on \`step.completed\`) whose receiver holds every request ${SLOW_RECEIVER_MS} ms; both endpoints' $DRAIN_EVENTS deliveries wait, the slow one is enabled first, and the clock runs for the fast one. Medians of $ROUNDS round(s)."
  echo
  local f
  f=$(median isolation fast rate)
  echo "| configuration | fast endpoint deliveries/s (median) | per round | ratio to goal 8 (H2 alone) | ratio to the goal (2,000/s) | | gateway CPU ms per delivery (median) |"
  echo "|---|---|---|---|---|---|---|"
  echo "| fast + slow endpoint | $f | $(rounds_of isolation fast rate) | $(ratio "$f" "$(median drain h2 rate)") | $(ratio "$f" 2000) | $(verdict "$f" ge 2000) | $(median isolation fast gw_cpu_ms_per_delivery) |"
  echo
  echo "Slow endpoint deliveries completed meanwhile: $(rounds_of isolation slow delivered) (its \`max_in_flight\` slots stay held ${SLOW_RECEIVER_MS} ms each)."
  echo
}

report_claims() {
  echo "### 10. Step claims on PostgreSQL (issue 10)"
  echo
  if [ -n "${CLAIMS_SKIPPED:-}" ]; then
    echo "Skipped: $CLAIMS_SKIPPED."
    echo
    return
  fi
  echo "Echo steps (no event) on a fresh PostgreSQL database (beside \`$PG_URL\`) per configuration and round, one gateway each; $CLAIMS_REQUESTS_1 measured steps at concurrency 1 and $CLAIMS_REQUESTS_32 at 32, each after $CLAIMS_WARMUP warm-up; \`step_claims=off\` (the previous release's path: no claim) against \`on\` (the default on PostgreSQL: a claim taken before the handler runs, in the group commit, and deleted by the result's commit). Steps per transaction: \`committed_steps / commit_transactions\` (claims take transactions too). Medians of $ROUNDS round(s)."
  echo
  echo "| step_claims | concurrency | steps/s (median) | steps/s per round | p50 ms | p99 ms | gateway CPU ms/step | non-200 | steps per transaction |"
  echo "|---|---|---|---|---|---|---|---|---|"
  local c k
  for k in 1 32; do
    for c in off on; do
      echo "| $c | $k | $(median claims $c-c$k throughput) | $(rounds_of claims $c-c$k throughput) | $(median claims $c-c$k p50) | $(median claims $c-c$k p99) | $(median claims $c-c$k gw_cpu_ms_per_step) | $(median claims $c-c$k errors) | $(median claims $c-c$k per_commit) |"
    done
  done
  echo
  echo "| ratio on / off | throughput | p50 | p99 | CPU/step |"
  echo "|---|---|---|---|---|"
  for k in 1 32; do
    echo "| concurrency $k | $(ratio "$(median claims on-c$k throughput)" "$(median claims off-c$k throughput)") | $(ratio "$(median claims on-c$k p50)" "$(median claims off-c$k p50)") | $(ratio "$(median claims on-c$k p99)" "$(median claims off-c$k p99)") | $(ratio "$(median claims on-c$k gw_cpu_ms_per_step)" "$(median claims off-c$k gw_cpu_ms_per_step)") |"
  done
  echo
  echo "Claims left in \`step_claims\` after each \`on\` run: $(values claims on claims_left | sed 's/ / \/ /g') (every result's commit deletes its claim)."
  echo
}

java_version() { "$1" -version 2>&1 | head -2 | tail -1; }

# ---------------------------------------------------------------------------------------------------- main
command -v curl >/dev/null || die "curl is needed"
command -v "$JAVA17" >/dev/null || die "no java at '$JAVA17' (BENCH_JAVA17)"
if [ -x "$JAVA25" ]; then CLIENT_JAVA=$JAVA25; else CLIENT_JAVA=$JAVA17; fi
GATEWAY_JAVA=$JAVA17

if [ -f "$JAR" ] && [ "${BENCH_REBUILD:-0}" != 1 ] && [ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]; then
  log "warning: $JAR is older than src/main or pom.xml; measuring it anyway (BENCH_REBUILD=1 rebuilds it)"
fi
if [ ! -f "$JAR" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
  log "building $JAR"
  (cd "$ROOT" && mvn -B -q -ntp -Dstyle.color=never package -DskipTests) >&2 || die "mvn package failed"
fi
mkdir -p "$CLASSES"
javac_bin="$(dirname "$(readlink -f "$(command -v "$JAVA17")")")/javac"
[ -x "$javac_bin" ] || javac_bin=javac
"$javac_bin" --release 17 -d "$CLASSES" "$ROOT/bench/StepLoad.java" "$ROOT/bench/Downstream.java" || die "javac failed"
"$javac_bin" --release 17 -d "$CLASSES" -cp "$JAR" "$ROOT/bench/BareJersey.java" || die "javac failed"
write_bodies

if [ -n "${BENCH_MAX_LOAD:-}" ]; then
  waited=0
  while awk -v max="$BENCH_MAX_LOAD" '{ exit !($1 >= max) }' /proc/loadavg && [ $waited -lt 600 ]; do
    [ $((waited % 60)) -eq 0 ] && log "load average $(cut -d' ' -f1-3 /proc/loadavg): waiting for < $BENCH_MAX_LOAD"
    sleep 10
    waited=$((waited + 10))
  done
fi

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
STARTED_AT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0
log "results in $OUT; load average before: $LOAD_BEFORE"
for goal in "${GOALS[@]}"; do
  case "$goal" in
    events) goal_events ;;
    group-commit) goal_group_commit ;;
    threads) goal_threads ;;
    startup) goal_startup ;;
    batch) goal_batch ;;
    bare) goal_bare ;;
    pace) goal_pace ;;
    drain) goal_drain ;;
    isolation) goal_isolation ;;
    claims) goal_claims ;;
  esac
done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "## Results of \`$COMMAND\`"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| started | $STARTED_AT (took $((SECONDS / 60)) min $((SECONDS % 60)) s) |"
  echo "| machine | $(nproc) cores ($(awk '/^model name/ { $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr) |"
  echo "| load average (1, 5, 15 min) | before: $LOAD_BEFORE; after: $LOAD_AFTER (the run's own threads count in it) |"
  echo "| gateway JVM (goals 1, 2, 4, 5) | $(java_version "$JAVA17") |"
  if [ -x "$JAVA25" ]; then echo "| second JVM (goals 3, 4) | $(java_version "$JAVA25") |"; fi
  echo "| load generator and peers JVM | $(java_version "$CLIENT_JAVA") |"
  echo "| gateway JVM options | \`$GATEWAY_OPTS\` |"
  if [ -n "${BENCH_BUILD:-}" ]; then # a copy of bench/ and the jar outside the checkout: its label
    echo "| gateway build | $BENCH_BUILD (BENCH_BUILD); jar built $(date -u -r "$JAR" +%Y-%m-%dT%H:%M:%SZ) |"
  else
    echo "| gateway build | commit $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$ROOT" && git diff --quiet HEAD -- src pom.xml 2>/dev/null || echo ' (with uncommitted changes)'); jar built $(date -u -r "$JAR" +%Y-%m-%dT%H:%M:%SZ) |"
  fi
  echo "| settings | $(env | grep '^BENCH_' | sort | tr '\n' ' ' || true) |"
  echo
  for goal in "${GOALS[@]}"; do
    case "$goal" in
      events) report_events ;;
      group-commit) report_commit ;;
      threads) report_threads ;;
      startup) report_startup ;;
      batch) report_batch ;;
      bare) report_bare ;;
      pace) report_pace ;;
      drain) report_drain ;;
      isolation) report_isolation ;;
      claims) report_claims ;;
    esac
  done
  echo "Raw figures: \`$RESULTS\`, load lines: \`$OUT/load.log\`, gateway logs: \`$OUT/*/gateway.log\`."
} | tee "$OUT/results.md"
