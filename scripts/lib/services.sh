# shellcheck shell=bash
# The three servers of the end-to-end tests: Odoo, the scripted model server and the bridge, each on
# a free loopback port, each in its own process group (so stopping one stops its children and
# nothing else). Sourced after common.sh and odoo.sh. Logs go to test-results/.
#
# Exports for the e2e tests: PARLEY_E2E_ODOO_URL, PARLEY_E2E_DB, PARLEY_E2E_BRIDGE_URL,
# PARLEY_E2E_MODEL_URL, PARLEY_E2E_ODOO_LOG.

SERVICE_PIDS=()

# service_start <name> <command...>: starts it in a new session, output to test-results/<name>.log.
service_start() {
  local name=$1; shift
  local log="$PARLEY_ROOT/test-results/$name.log"
  setsid "$@" >"$log" 2>&1 </dev/null &
  local pid=$!
  SERVICE_PIDS+=("$pid")
  eval "${name//-/_}_PID=$pid"
  say "started $name (pid $pid), log: test-results/$name.log"
}

# Stops the process group of each service we started, newest first.
services_stop_all() {
  local i pid
  for ((i = ${#SERVICE_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${SERVICE_PIDS[i]}
    if kill -0 -- "-$pid" 2>/dev/null; then
      kill -TERM -- "-$pid" 2>/dev/null || true
      local n
      for ((n = 0; n < 100; n++)); do kill -0 -- "-$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL -- "-$pid" 2>/dev/null || true
    fi
  done
  SERVICE_PIDS=()
}

service_failed() {
  local name=$1
  err "$name did not become ready; last lines of test-results/$name.log:"
  tail -n 25 "$PARLEY_ROOT/test-results/$name.log" >&2
  return 1
}

# The scripted model server replays the shared scenario files (test/fixtures/scenarios).
start_scripted_model() {
  local port
  port=$(free_port)
  service_start scripted-model node --import tsx "$PARLEY_ROOT/test/scripted-model/cli.ts" \
    --host 127.0.0.1 --port "$port" --scenarios "$PARLEY_ROOT/test/fixtures/scenarios"
  export PARLEY_E2E_MODEL_URL="http://127.0.0.1:$port"
  wait_http "$PARLEY_E2E_MODEL_URL/__requests" 30 "$scripted_model_PID" || service_failed scripted-model
}

# The bridge reaches Odoo through a loopback proxy that holds tool calls for PARLEY_E2E_TOOL_DELAY_MS
# (default 400): on the small demo database a tool call is otherwise over before its chip can be
# seen "running". Set it to 0 to connect the bridge to Odoo directly.
start_latency_proxy() {
  local port delay=${PARLEY_E2E_TOOL_DELAY_MS:-400}
  if [[ $delay == 0 ]]; then
    BRIDGE_ODOO_URL=$PARLEY_E2E_ODOO_URL
    return 0
  fi
  port=$(free_port)
  service_start latency-proxy node --import tsx "$PARLEY_ROOT/scripts/lib/latency-proxy.ts" \
    --target "$PARLEY_E2E_ODOO_URL" --port "$port" --delay-ms "$delay"
  BRIDGE_ODOO_URL="http://127.0.0.1:$port"
  wait_http "$BRIDGE_ODOO_URL/web/login" 30 "$latency_proxy_PID" || service_failed latency-proxy
}

start_bridge() {
  local port
  port=$(free_port)
  node "$PARLEY_ROOT/scripts/build-bridge.mjs" || { err "bridge build failed"; return 1; }
  start_latency_proxy || return 1
  # A dummy key: the scripted model accepts any. No retries in tests (a failure shows at once).
  service_start bridge env PARLEY_ODOO_URL="$BRIDGE_ODOO_URL" PARLEY_BRIDGE_HOST=127.0.0.1 \
    PARLEY_BRIDGE_PORT="$port" PARLEY_MODEL_BASE_URL="$PARLEY_E2E_MODEL_URL" \
    ANTHROPIC_API_KEY=sk-ant-test-not-a-real-key PARLEY_MODEL_MAX_RETRIES=0 PARLEY_LOG_LEVEL=debug \
    node "$PARLEY_ROOT/bridge/dist/main.js"
  export PARLEY_E2E_BRIDGE_URL="http://127.0.0.1:$port"
  wait_http "$PARLEY_E2E_BRIDGE_URL/healthz" 30 "$bridge_PID" || service_failed bridge
}

start_odoo_server() {
  local conf=$1 db=$2 port
  port=$(free_port)
  export PARLEY_E2E_ODOO_URL="http://127.0.0.1:$port" PARLEY_E2E_DB=$db
  export PARLEY_E2E_ODOO_LOG="$PARLEY_ROOT/test-results/odoo-server.log"
  service_start odoo-server "$ODOO_EXE" -c "$conf" --http-port "$port"
  wait_http "$PARLEY_E2E_ODOO_URL/web/login" 120 "$odoo_server_PID" || service_failed odoo-server
}

# Starts Odoo, the scripted model and the bridge, then tells Odoo where the bridge is and warms it.
services_start_all() {
  local conf=$1 db=$2
  start_odoo_server "$conf" "$db" || return 1
  start_scripted_model || return 1
  start_bridge || return 1
  node --import tsx "$PARLEY_ROOT/scripts/lib/odoo-configure.ts" || { err "configuring Odoo for the e2e tests failed"; return 1; }
}
