# shellcheck shell=bash
# Per-tier accounting for scripts/test.sh. Each tier appends one line to $PARLEY_RESULTS:
#   <tier> TAB <status: pass|fail|skip> TAB <passed> TAB <failed> TAB <skipped> TAB <seconds> TAB <note>
# The file, not shell variables, carries the counts so that tiers run in subshells and child scripts
# (scripts/odoo-tier.sh) can report too. Sourced after common.sh.

results_init() {
  export PARLEY_RESULTS="${PARLEY_RESULTS:-$PARLEY_ROOT/test-results/summary.tsv}"
  export PARLEY_FAILURES="${PARLEY_RESULTS%.tsv}-failures.txt"
  mkdir -p "$(dirname "$PARLEY_RESULTS")"
  : >"$PARLEY_RESULTS"
  : >"$PARLEY_FAILURES"
  # Logs a tier that does not run this time must not lend its old figures to the summary.
  local dir
  dir=$(dirname "$PARLEY_RESULTS")
  rm -f "$dir/vitest.log" "$dir/python-unittest.log" "$dir/odoo-tests.log" "$dir/e2e.log"
}

# count_report <tier> <kind: vitest|unittest|odoo> <report file>
# Sets COUNT_PASSED, COUNT_FAILED, COUNT_SKIPPED, COUNT_RAN (1 when at least one test ran) from a
# runner's report, prints the failing tests' names and keeps them for the summary.
count_report() {
  local tier=$1 kind=$2 file=$3 out tmp
  tmp=$(mktemp)
  # tsx is resolved from the working directory: run from the repository.
  out=$(cd "$PARLEY_ROOT" && node --import tsx scripts/lib/counts.ts "$kind" "$file" 2>"$tmp")
  read -r COUNT_PASSED COUNT_FAILED COUNT_SKIPPED COUNT_RAN <<<"${out:-0 1 0 0}"
  if [[ -s $tmp ]]; then
    cat "$tmp" >&2
    sed "s/^ *failed: /[$tier] /" "$tmp" >>"${PARLEY_FAILURES:-/dev/null}"
  fi
  rm -f "$tmp"
}

# results_add <tier> <passed> <failed> <skipped> <seconds> [note]
# A tier with failures is "fail"; a tier that ran nothing is "skip" only when it says why.
results_add() {
  local tier=$1 passed=$2 failed=$3 skipped=$4 seconds=$5 note=${6:-}
  local status=pass
  ((failed > 0)) && status=fail
  ((failed == 0 && passed == 0 && skipped > 0)) && status=skip
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tier" "$status" "$passed" "$failed" "$skipped" "$seconds" "$note" >>"$PARLEY_RESULTS"
}

# results_skip <tier> <seconds> <reason>: a whole tier that could not run counts as one skipped.
results_skip() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$1" skip 0 0 1 "$2" "$3" >>"$PARLEY_RESULTS"
}

# results_has <tier>: true when the tier has reported at least once.
results_has() {
  [[ -f $PARLEY_RESULTS ]] && cut -f1 "$PARLEY_RESULTS" | grep -qxF "$1"
}

# The figures the tests print for the issues (hostile HTML, SQL corpus, kill switch), gathered from
# the tiers' logs so that they stand together above the table. Printed, never asserted here.
FIGURE_PATTERN='^(odoo panel: )?payloads [0-9]+, scripts [0-9]+, outbound requests [0-9]+|^attacks [0-9]+, escaped|^legit [0-9]+, rejected|^odoo tier: |^PARLEY kill switch|^bridge kill: |^advisory (misses|refuses) '
results_figures() {
  local dir=${1:-$PARLEY_ROOT/test-results} log lines found=0
  for log in vitest.log python-unittest.log odoo-tests.log e2e.log; do
    [[ -f $dir/$log ]] || continue
    lines=$(sed 's/\x1b\[[0-9;]*m//g' "$dir/$log" | grep -E "$FIGURE_PATTERN" | cut -c1-200)
    [[ -n $lines ]] || continue
    ((found)) || printf 'Figures (printed by the tests, not asserted here):\n'
    found=1
    sed "s|^|  [${log%.log}] |" <<<"$lines"
  done
  ((found)) && printf '\n'
  return 0
}

# Prints the table and the closing line "N passed, M failed, K skipped"; returns 1 if anything failed.
results_summary() {
  local tier status passed failed skipped seconds note
  local total_p=0 total_f=0 total_s=0 any_fail=0
  if [[ -s ${PARLEY_FAILURES:-} ]]; then
    printf 'Failing tests (%s in all; the full list is in %s):\n' "$(wc -l <"$PARLEY_FAILURES")" "${PARLEY_FAILURES#"$PARLEY_ROOT"/}"
    head -n 40 "$PARLEY_FAILURES"
    printf '\n'
  fi
  results_figures
  printf '%-22s %-6s %7s %7s %8s %8s  %s\n' tier status passed failed skipped seconds note
  while IFS=$'\t' read -r tier status passed failed skipped seconds note; do
    printf '%-22s %-6s %7s %7s %8s %8s  %s\n' "$tier" "$status" "$passed" "$failed" "$skipped" "$seconds" "$note"
    total_p=$((total_p + passed)); total_f=$((total_f + failed)); total_s=$((total_s + skipped))
    [[ $status == fail ]] && any_fail=1
  done <"$PARLEY_RESULTS"
  printf '\n'
  if ((total_s > 0)); then
    printf '%s passed, %s failed, %s skipped\n' "$total_p" "$total_f" "$total_s"
  else
    printf '%s passed, %s failed\n' "$total_p" "$total_f"
  fi
  ((any_fail == 0 && total_f == 0))
}

# Runs a command, prints its output, and counts it as one check that passed or failed.
# check <tier> <label> <command...>
check() {
  local tier=$1 label=$2; shift 2
  local start=$SECONDS rc=0
  "$@" || rc=$?
  if ((rc == 0)); then
    ok "PASS: $label"
    results_add "$tier" 1 0 0 $((SECONDS - start)) "$label"
  else
    err "FAIL: $label (exit $rc)"
    results_add "$tier" 0 1 0 $((SECONDS - start)) "$label (exit $rc)"
    printf '[%s] %s (exit %s)\n' "$tier" "$label" "$rc" >>"${PARLEY_FAILURES:-/dev/null}"
  fi
  return "$rc"
}
