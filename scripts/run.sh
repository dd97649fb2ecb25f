#!/usr/bin/env bash
# Runs Parley's bridge: sets up what is missing, builds it, starts it on loopback and checks that it
# answers /healthz. The bridge is the product's own process; Odoo is the user's, so this only prints
# how to add the addon when it finds an Odoo 18. Configuration comes from the environment (README).
# Stop it with Ctrl-C (the bridge cancels running turns and exits cleanly).
#
#   PARLEY_SKIP_SETUP=1   skip scripts/setup.sh (e.g. on a machine without root)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$PARLEY_ROOT/scripts/lib/odoo.sh"
cd "$PARLEY_ROOT"

if [[ ${PARLEY_SKIP_SETUP:-0} != 1 ]]; then
  "$PARLEY_ROOT/scripts/setup.sh"
fi

say "Building the bridge (bridge/dist/main.js)"
node scripts/build-bridge.mjs

host=${PARLEY_BRIDGE_HOST:-127.0.0.1}
port=${PARLEY_BRIDGE_PORT:-8765}
url_host=$host
[[ $host == *:* ]] && url_host="[$host]"
health="http://$url_host:$port/healthz"

node bridge/dist/main.js &
bridge_pid=$!
trap 'stop_pid "$bridge_pid" 10; exit 130' INT TERM

if ! wait_http "$health" 30 "$bridge_pid"; then
  stop_pid "$bridge_pid" 5
  wait "$bridge_pid" 2>/dev/null
  die "the bridge did not answer $health (see the messages above)"
fi
ok "Parley bridge is running: $health"
curl -s "$health" && printf '\n'

if odoo_find 2>/dev/null; then
  addons=$(odoo_addons_path || true)
  say ""
  say "Odoo 18 found ($ODOO_EXE). To add Parley to a database:"
  say "  $ODOO_EXE -d <database> --addons-path=${addons:-<odoo addons>,$PARLEY_ROOT/odoo_addon} -i parley"
  say "then in Settings → Parley set the bridge URL to http://$url_host:$port."
fi
say "Press Ctrl-C to stop."
wait "$bridge_pid"
