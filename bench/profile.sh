#!/usr/bin/env bash
# A JFR profile of the gateway under the bench load, as two tables (samples by library and by thread) for
# docs/benchmarks.md. One gateway (the jar, -Xmx1g), 32 clients of StepLoad, echo steps each with a new
# workflow_step_uuid; JFR records from start-up, is dumped after the measured requests and read by
# bench/JfrTable.java.
#
#   bench/profile.sh steps       # no webhook endpoint: the step path alone
#   bench/profile.sh delivery    # one endpoint subscribed to step.completed, a receiver answering at once
#
# Settings (environment): BENCH_PROFILE_REQUESTS (6000), BENCH_PROFILE_WARMUP (2000), BENCH_PROFILE_TOP (0:
# also print the N top frames), BENCH_PROFILE_SETTINGS (profile: a JFR settings name or .jfc file; one whose
# jdk.ExecutionSample period is 1 ms gives ten times the samples), BENCH_OUT (a new temp dir).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR="$ROOT/target/worker-gateway.jar"
SCENARIO=${1:-steps}
REQUESTS=${BENCH_PROFILE_REQUESTS:-6000}
WARMUP=${BENCH_PROFILE_WARMUP:-2000}
OUT=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/gateway-profile.XXXXXX")}
[ -f "$JAR" ] || (cd "$ROOT" && mvn -B -ntp -q package -DskipTests)
while IFS= read -r name; do unset "$name"; done < <(compgen -e | grep '^GATEWAY_' || true)
mkdir -p "$OUT/classes" "$OUT/data" "$OUT/plugins"
javac -d "$OUT/classes" "$ROOT/bench/StepLoad.java" "$ROOT/bench/Downstream.java"
PIDS=()
trap 'for p in "${PIDS[@]+"${PIDS[@]}"}"; do kill "$p" 2>/dev/null || true; done' EXIT
cat >"$OUT/echo.json" <<'JSON'
{"workflow_step":{"workflow_step_uuid":"${uuid}","attempts":0,"name":"confirm_order"},
 "step_definition":{"name":"confirm_order","handler":{"callable":"echo"}},
 "task":{"task":{"task_uuid":"${uuid}","namespace":"bench","name":"order_flow","context":{"order_id":"ORD-${uuid}","amount":129.5}}}}
JSON
ENV=(GATEWAY_HOST=127.0.0.1 GATEWAY_PORT=0 GATEWAY_DATA_DIR="$OUT/data" GATEWAY_PLUGINS_DIR="$OUT/plugins")
if [ "$SCENARIO" = delivery ]; then
  java -cp "$OUT/classes" Downstream 0 >"$OUT/receiver.out" 2>&1 &
  PIDS+=($!)
  until grep -q '^port=' "$OUT/receiver.out"; do sleep 0.1; done
  cat >"$OUT/webhooks.yml" <<YAML
webhooks:
  endpoints:
    - name: bench
      url: http://127.0.0.1:$(sed -n 's/^port=//p' "$OUT/receiver.out")/hook
      secret: whsec_Y2hhbmdlLW1lLWNoYW5nZS1tZS1jaGFuZ2UtbWU=
      events: ["step.completed"]
      allow_private_network: true
YAML
  ENV+=(GATEWAY_CONFIG="$OUT/webhooks.yml")
fi
env "${ENV[@]}" java -Xmx1g -XX:StartFlightRecording=filename="$OUT/profile.jfr",settings="${BENCH_PROFILE_SETTINGS:-profile}" \
  -jar "$JAR" >"$OUT/gateway.log" 2>&1 </dev/null &
GW=$!
PIDS+=($GW)
until grep -q 'listening on' "$OUT/gateway.log"; do kill -0 $GW || { cat "$OUT/gateway.log"; exit 1; }; sleep 0.1; done
URL=$(sed -n 's#.*listening on \(http://[^ ]*\)/ .*#\1#p' "$OUT/gateway.log" | head -1)
until curl -sf -o /dev/null "$URL/health/ready"; do sleep 0.1; done
java -cp "$OUT/classes" StepLoad "profile-$SCENARIO" "$URL/v1/steps" 32 "$REQUESTS" "$OUT/echo.json" "$WARMUP" "$GW" >&2
jcmd $GW JFR.dump filename="$OUT/profile.jfr" >/dev/null
echo "delivered at the end of the load: $(curl -s "$URL/v1/events/stats" | grep -o '"delivered":[0-9]*' | head -1)" >&2
java "$ROOT/bench/JfrTable.java" "$OUT/profile.jfr" "${BENCH_PROFILE_TOP:-0}"
