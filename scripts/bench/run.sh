#!/usr/bin/env bash
# Runs every benchmark in scripts/bench/ (see README.md) and prints their figures.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
cd "$PARLEY_ROOT"

filter=${1:-}
shopt -s nullglob
files=(scripts/bench/*.mjs scripts/bench/*.ts)
ran=0 broken=0
for file in "${files[@]}"; do
  [[ -z $filter || $(basename "$file") == *"$filter"* ]] || continue
  section "bench: $(basename "$file")"
  rc=0
  case $file in
    *.ts) node --import tsx "$file" || rc=$? ;;
    *) node "$file" || rc=$? ;;
  esac
  ran=$((ran + 1))
  ((rc == 0)) || { err "$file could not measure (exit $rc)"; broken=$((broken + 1)); }
done
if ((ran == 0)); then
  say "No benchmarks${filter:+ matching '$filter'} in scripts/bench/ yet."
fi
say "benchmarks: $ran run, $broken could not measure"
((broken == 0))
