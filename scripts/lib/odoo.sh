# shellcheck shell=bash
# Finding an Odoo 18 and its addons path. Sourced after common.sh.
#
#   ODOO_BIN           the odoo / odoo-bin executable to use (default: odoo-bin, then odoo, on PATH)
#   ODOO_ADDONS_PATH   Odoo's own addons path; default: the one Odoo computes for itself
# The repository's odoo_addon/ is always appended, so the parley addon is found.

# Sets ODOO_EXE and ODOO_VERSION, or prints why not and returns 1.
odoo_find() {
  local candidate=${ODOO_BIN:-}
  if [[ -n $candidate ]]; then
    if [[ ! -x $candidate ]] && ! command -v "$candidate" >/dev/null 2>&1; then
      ODOO_WHY="ODOO_BIN=$candidate is not an executable"
      return 1
    fi
  else
    candidate=$(command -v odoo-bin 2>/dev/null || command -v odoo 2>/dev/null || true)
    if [[ -z $candidate ]]; then
      ODOO_WHY="no Odoo 18 found (set ODOO_BIN or put odoo-bin on PATH)"
      return 1
    fi
  fi
  local version
  version=$("$candidate" --version 2>/dev/null | tail -n 1)
  if [[ ! $version =~ Odoo\ Server\ 18\. ]]; then
    ODOO_WHY="$candidate is '${version:-not runnable}', not Odoo 18 (set ODOO_BIN to an Odoo 18)"
    return 1
  fi
  ODOO_EXE=$candidate
  ODOO_VERSION=$version
  export ODOO_EXE ODOO_VERSION
}

# Prints the addons path Odoo uses when none is given: Odoo computes it from its own location, and
# `--save` writes the computed value into a throwaway config file, so we ask Odoo rather than guess
# from the launcher's path.
odoo_default_addons_path() {
  local conf
  conf=$(mktemp --suffix=.conf)
  rm -f "$conf"
  "$ODOO_EXE" -c "$conf" --save --stop-after-init --http-interface 127.0.0.1 --http-port "$(free_port)" \
    --max-cron-threads 0 >/dev/null 2>&1 || true
  sed -n 's/^addons_path *= *//p' "$conf" 2>/dev/null
  rm -f "$conf"
}

# Prints the full addons path for the tests: Odoo's own, then <repo>/odoo_addon.
odoo_addons_path() {
  local base=${ODOO_ADDONS_PATH:-}
  [[ -n $base ]] || base=$(odoo_default_addons_path)
  [[ -n $base ]] || return 1
  printf '%s,%s\n' "$base" "$PARLEY_ROOT/odoo_addon"
}

# Writes an odoo.conf for a throwaway test database: loopback only, no crons, Odoo's online
# services pointed at a closed local port, data (filestore, Parley's key file) in a temp dir.
# odoo_write_conf <file> <db> <addons_path> <data_dir>
odoo_write_conf() {
  local file=$1 db=$2 addons=$3 data=$4
  cat >"$file" <<EOF
[options]
addons_path = $addons
data_dir = $data
db_name = $db
dbfilter = ^$db\$
list_db = False
db_host = ${PGHOST:-False}
db_port = ${PGPORT:-False}
db_user = ${PGUSER:-False}
http_interface = 127.0.0.1
proxy_mode = False
workers = 0
max_cron_threads = 0
publisher_warranty_url = http://127.0.0.1:9/
without_demo = False
log_handler = :INFO,werkzeug:WARNING
EOF
}
