#!/usr/bin/env bash
# The Odoo tier: Odoo's own tests of the parley addon, then the browser end-to-end tests against a
# real Odoo, the real bridge and the scripted model server. Run by scripts/test.sh; runnable alone.
#
#   1. find Odoo 18 (ODOO_BIN, or odoo-bin / odoo on PATH); without one: one SKIPPED line, exit 0
#   2. fresh database (name from PARLEY_TEST_DB, else <PARLEY_TEST_DB_PREFIX:-parley_test_><pid>_<n>)
#   3. install parley with demo data and run its tests: --test-enable --test-tags /parley
#      (Odoo may exit 0 with failing tests, so the log's summary line is what counts)
#   4. start that Odoo (threaded, 127.0.0.1, free port, no crons), the scripted model server and the
#      bridge; point the addon's bridge URL at the bridge; warm Odoo; run test/e2e with vitest
#   5. stop everything and drop the database, also on failure or Ctrl-C
#
# PARLEY_E2E=0 skips step 4 (Odoo tests only); PARLEY_ODOO_TESTS=0 installs without running Odoo's
# tests (a quicker loop while writing browser tests); PARLEY_KEEP=1 keeps the database and temp dir;
# PARLEY_REUSE_DB=1 with PARLEY_TEST_DB naming a kept database upgrades parley there (-u) instead
# of a fresh install, and runs no Odoo tests. PARLEY_E2E_ARGS is passed to vitest (e.g. one file).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$PARLEY_ROOT/scripts/lib/results.sh"
source "$PARLEY_ROOT/scripts/lib/pg.sh"
source "$PARLEY_ROOT/scripts/lib/odoo.sh"
source "$PARLEY_ROOT/scripts/lib/services.sh"
cd "$PARLEY_ROOT"

OUT="$PARLEY_ROOT/test-results"
mkdir -p "$OUT"
STANDALONE=0
if [[ -z ${PARLEY_RESULTS:-} ]]; then
  STANDALONE=1
  results_init
fi

if ! odoo_find; then
  say "${_B}SKIPPED: Odoo tier — ${ODOO_WHY}${_N}"
  results_skip odoo 0 "SKIPPED: $ODOO_WHY"
  results_skip e2e 0 "SKIPPED: needs the Odoo tier"
  ((STANDALONE)) && results_summary
  exit 0
fi
say "Odoo: $ODOO_EXE ($ODOO_VERSION)"

if ! pg_ensure; then
  results_add odoo 0 1 0 0 "no PostgreSQL"
  ((STANDALONE)) && results_summary
  exit 1
fi

DB=${PARLEY_TEST_DB:-${PARLEY_TEST_DB_PREFIX:-parley_test_}$$_$RANDOM}
# A named database gets a stable work dir (its filestore and key file), so a kept one can be reused.
if [[ -n ${PARLEY_TEST_DB:-} ]]; then
  WORK=${PARLEY_WORK_DIR:-${TMPDIR:-/tmp}/parley-odoo-tier.$DB}
  mkdir -p "$WORK"
else
  WORK=${PARLEY_WORK_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/parley-odoo-tier.XXXXXX")}
fi
CONF="$WORK/odoo.conf"
ADDONS=$(odoo_addons_path) || { results_add odoo 0 1 0 0 "cannot determine Odoo's addons path"; exit 1; }
odoo_write_conf "$CONF" "$DB" "$ADDONS" "$WORK/data"
say "Database: $DB   addons path: $ADDONS   work dir: $WORK"

cleanup() {
  services_stop_all
  if [[ ${PARLEY_KEEP:-0} == 1 ]]; then
    note "PARLEY_KEEP=1: keeping database $DB and $WORK"
  else
    dropdb --if-exists --force "$DB" 2>/dev/null || dropdb --if-exists "$DB" 2>/dev/null || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'err "interrupted"; exit 130' INT TERM

# ---- Odoo's tests of the addon -------------------------------------------------------------------
section "6a. Odoo tests: install parley (with demo data) and run --test-tags /parley"
ODOO_TEST_LOG="$OUT/odoo-tests.log"
start=$SECONDS
# Odoo creates the database itself (template0, its own settings) when -i is given.
test_args=(--test-enable --test-tags /parley)
[[ ${PARLEY_ODOO_TESTS:-1} == 0 ]] && test_args=()
reuse=0
if [[ ${PARLEY_REUSE_DB:-0} == 1 ]] && \
  [[ $(psql -d "$DB" -Atqc "select state from ir_module_module where name = 'parley'" 2>/dev/null) == installed ]]; then
  reuse=1
  note "PARLEY_REUSE_DB=1: upgrading parley in $DB (no fresh install, no Odoo tests)"
  "$ODOO_EXE" -c "$CONF" -u parley --stop-after-init --http-port "$(free_port)" >"$ODOO_TEST_LOG" 2>&1
  odoo_rc=$?
else
  # A hung Odoo must not eat CI's 90 minutes: 30 minutes is several times a normal run.
  timeout --kill-after=30s "${PARLEY_ODOO_TIMEOUT:-1800}" "$ODOO_EXE" -c "$CONF" -i parley "${test_args[@]}" \
    --stop-after-init --http-port "$(free_port)" >"$ODOO_TEST_LOG" 2>&1
  odoo_rc=$?
  ((odoo_rc == 124)) && err "Odoo did not finish within ${PARLEY_ODOO_TIMEOUT:-1800}s and was stopped."
fi
if [[ ${PARLEY_ODOO_TESTS:-1} == 0 || $reuse == 1 ]]; then
  note "PARLEY_ODOO_TESTS=0: parley installed without running its Odoo tests"
  passed=0 failed=0 skipped=1 ran=1
else
  count_report odoo odoo "$ODOO_TEST_LOG"
  passed=$COUNT_PASSED failed=$COUNT_FAILED skipped=$COUNT_SKIPPED ran=$COUNT_RAN
fi
state=$(psql -d "$DB" -Atqc "select state from ir_module_module where name = 'parley'" 2>/dev/null)
if [[ $state != installed ]]; then
  err "parley is not installed (state: ${state:-absent}); from the log (test-results/odoo-tests.log):"
  grep -E ' (ERROR|CRITICAL) ' "$ODOO_TEST_LOG" | head -n 5 >&2
  awk '/^Traceback/ { buf = "" } /^Traceback/, /^[0-9]{4}-/ { buf = buf $0 "\n" } END { printf "%s", buf }' \
    "$ODOO_TEST_LOG" | tail -n 12 >&2
  failed=$((failed + 1))
fi
if ((odoo_rc != 0 && failed == 0)); then
  err "Odoo exited with $odoo_rc without a failing test; counted as a failure."
  failed=1
fi
if [[ $ran != 1 && $failed == 0 ]]; then
  err "Odoo ran no parley test (is odoo_addon/parley/tests/ imported in tests/__init__.py?); counted as a failure."
  failed=1
fi
grep -E '(odoo\.tests\.result|odoo\.tests\.stats): ' "$ODOO_TEST_LOG" | tail -n 3
# Figures the Odoo tests print for the issues (SQL corpus through the endpoint, kill-switch time).
grep -E '^(odoo tier: |PARLEY kill switch)' "$ODOO_TEST_LOG" || true
results_add odoo "$passed" "$failed" "$skipped" $((SECONDS - start)) "log: test-results/odoo-tests.log"
say "odoo: $passed passed, $failed failed, $skipped skipped ($((SECONDS - start))s)"
odoo_failed=$failed

# ---- Browser end-to-end ---------------------------------------------------------------------------
section "6b. Browser end-to-end (Odoo + bridge + scripted model + Chromium)"
if [[ ${PARLEY_E2E:-1} == 0 ]]; then
  note "SKIPPED: e2e — PARLEY_E2E=0"
  results_skip e2e 0 "PARLEY_E2E=0"
elif [[ $state != installed ]]; then
  err "e2e: cannot run, parley is not installed in $DB"
  results_add e2e 0 1 0 0 "parley not installed"
else
  start=$SECONDS
  if services_start_all "$CONF" "$DB"; then
    e2e_rc=0
    report="$OUT/e2e.json"
    rm -rf "$report" "$OUT/e2e"
    timeout --kill-after=30s "${PARLEY_E2E_TIMEOUT:-1200}" npx --no-install vitest run --config test/e2e/vitest.config.ts \
      --reporter=default --reporter=json --outputFile.json="$report" ${PARLEY_E2E_ARGS:-} 2>&1 | tee "$OUT/e2e.log"
    e2e_rc=${PIPESTATUS[0]}
    count_report e2e vitest "$report"
    passed=$COUNT_PASSED failed=$COUNT_FAILED skipped=$COUNT_SKIPPED ran=$COUNT_RAN
    ((e2e_rc != 0 && failed == 0)) && failed=1
    [[ $ran != 1 && $failed == 0 ]] && { err "e2e: no test ran"; failed=1; }
    results_add e2e "$passed" "$failed" "$skipped" $((SECONDS - start)) "screenshots: test-results/e2e/"
    # Server-side errors during the browser tests, for whoever routes a failure (not counted).
    errors=$(grep -cE '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$PARLEY_E2E_ODOO_LOG" || true)
    if ((errors > 0)); then
      note "Odoo logged $errors ERROR/CRITICAL line(s) during the browser tests (test-results/odoo-server.log); the first:"
      grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (ERROR|CRITICAL) ' "$PARLEY_E2E_ODOO_LOG" | head -n 5 | cut -c1-240
    fi
    say "e2e: $passed passed, $failed failed, $skipped skipped ($((SECONDS - start))s)"
  else
    err "e2e: the servers did not start; logs in test-results/"
    results_add e2e 0 1 0 $((SECONDS - start)) "servers did not start (see test-results/*.log)"
  fi
fi

if ((STANDALONE)); then
  section "summary"
  results_summary
  exit $?
fi
awk -F'\t' '$1 == "odoo" || $1 == "e2e" { if ($2 == "fail") bad = 1 } END { exit bad }' "$PARLEY_RESULTS"
