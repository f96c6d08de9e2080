# Sourced by the smoke scripts: start_gateway LABEL JAR... starts the packaged gateway (target/worker-gateway.jar)
# on 127.0.0.1 and a free port with the jars in its plugins folder, waits until it listens and sets $port; the
# gateway is stopped and its folder removed when the script exits.
start_gateway() {
  local label="$1"; shift
  gateway_work="$(mktemp -d)"
  mkdir -p "$gateway_work/plugins"
  cp "$@" "$gateway_work/plugins/"
  local log="$gateway_work/gateway.log"
  java -jar target/worker-gateway.jar --host 127.0.0.1 --port 0 \
    --plugins-dir "$gateway_work/plugins" --data-dir "$gateway_work/data" >"$log" 2>&1 &
  gateway_pid=$!
  trap 'kill "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; rm -rf "$gateway_work"' EXIT
  port=""
  for _ in $(seq 1 120); do
    port="$(sed -n 's#.*listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$log" | head -n 1)"
    [ -n "$port" ] && return 0
    kill -0 "$gateway_pid" 2>/dev/null || { cat "$log"; echo "ci: $label: the gateway exited" >&2; exit 1; }
    sleep 0.5
  done
  cat "$log"; echo "ci: $label: the gateway did not start" >&2; exit 1
}
