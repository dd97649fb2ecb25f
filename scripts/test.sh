#!/usr/bin/env bash
# Runs every test of Parley, tier by tier, and ends with one line "N passed, M failed[, K skipped]".
# Every tier runs even when an earlier one failed; the exit status is non-zero if any tier failed.
#
#   1 setup        scripts/setup.sh (Debian packages, npm ci) and PostgreSQL (scripts/lib/pg.sh)
#   2 lint         tsc --noEmit, eslint
#   3 bundle       node scripts/build-web.mjs --check (the committed panel bundle is not stale)
#   4 vitest       every vitest project (bridge, panel, scripted model, cross-runtime tests)
#   5 python       plain-Python unittests of odoo_addon/parley/lib against real PostgreSQL
#   6 odoo, e2e    scripts/odoo-tier.sh: Odoo's own tests of the addon, then the browser tests
#
# Results: test-results/ (summary.tsv, summary-failures.txt, runner reports, Odoo logs, e2e screenshots).
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$PARLEY_ROOT/scripts/lib/results.sh"
source "$PARLEY_ROOT/scripts/lib/pg.sh"
cd "$PARLEY_ROOT"

OUT="$PARLEY_ROOT/test-results"
mkdir -p "$OUT"
results_init
export CI="${CI:-}"

# Counts a runner's report through scripts/lib/counts.ts and records it under <tier>.
# record_counts <tier> <kind> <file> <seconds> <runner exit code>
record_counts() {
  local tier=$1 kind=$2 file=$3 seconds=$4 rc=$5 passed failed skipped ran
  count_report "$tier" "$kind" "$file"
  passed=$COUNT_PASSED failed=$COUNT_FAILED skipped=$COUNT_SKIPPED ran=$COUNT_RAN
  if ((rc != 0 && failed == 0)); then
    # The runner failed without a failing test (crash, no tests found): never a green tier.
    failed=1
    err "  $tier: the runner exited with $rc but reported no failing test; counted as one failure."
  fi
  if [[ $ran != 1 && $failed == 0 ]]; then
    failed=1
    err "  $tier: no test ran; counted as one failure."
  fi
  results_add "$tier" "$passed" "$failed" "$skipped" "$seconds" "$kind"
  say "$tier: $passed passed, $failed failed, $skipped skipped (${seconds}s)"
}

tier_setup() {
  section "1. set-up"
  check setup "scripts/setup.sh" "$PARLEY_ROOT/scripts/setup.sh"
  check postgresql "PostgreSQL reachable as a superuser" pg_ensure
  say "PGHOST=${PGHOST:-} PGPORT=${PGPORT:-} PGUSER=${PGUSER:-}"
}

tier_lint() {
  section "2. typecheck and lint"
  check typecheck "tsc -p tsconfig.json --noEmit" npx --no-install tsc -p tsconfig.json --noEmit
  check eslint "eslint ." npx --no-install eslint .
}

tier_bundle() {
  section "3. panel bundle is up to date"
  if [[ ! -f scripts/build-web.mjs ]]; then
    err "FAIL: scripts/build-web.mjs is missing: the committed bundle cannot be checked"
    results_add bundle 0 1 0 0 "scripts/build-web.mjs missing"
    return
  fi
  check bundle "node scripts/build-web.mjs --check" node scripts/build-web.mjs --check
}

tier_vitest() {
  section "4. vitest (all projects)"
  local start=$SECONDS rc=0 report="$OUT/vitest.json"
  rm -f "$report"
  npx --no-install vitest run --reporter=default --reporter=json --outputFile.json="$report" 2>&1 | tee "$OUT/vitest.log"
  rc=${PIPESTATUS[0]}
  record_counts vitest vitest "$report" $((SECONDS - start)) "$rc"
}

tier_python() {
  section "5. plain-Python tests (odoo_addon/parley/lib) against PostgreSQL"
  local dir=odoo_addon/parley/lib/tests
  if [[ ! -d $dir ]]; then
    err "FAIL: $dir is missing: the plain-Python tests cannot run"
    results_add python 0 1 0 0 "$dir missing"
    return
  fi
  local start=$SECONDS rc=0 log="$OUT/python-unittest.log"
  (cd odoo_addon/parley && /usr/bin/python3 -m unittest discover -s lib/tests -t . -v) 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  record_counts python unittest "$log" $((SECONDS - start)) "$rc"
}

tier_odoo() {
  section "6. Odoo tier (Odoo tests, then browser end-to-end)"
  local start=$SECONDS rc=0
  "$PARLEY_ROOT/scripts/odoo-tier.sh" || rc=$?
  if ((rc != 0)) && ! results_has odoo; then
    results_add odoo 0 1 0 $((SECONDS - start)) "odoo-tier.sh exited $rc before reporting"
  fi
}

tier_setup
tier_lint
tier_bundle
tier_vitest
tier_python
tier_odoo

section "summary (${SECONDS}s in all; details in test-results/)"
results_summary
