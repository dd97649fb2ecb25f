# shellcheck shell=bash
# PostgreSQL for the tests. Sourced after common.sh.
#
# What it does, in order:
#   1. If the standard PG* variables (or libpq's defaults) reach a server (pg_isready), use it as is.
#   2. Otherwise, on Debian, start the installed clusters (pg_ctlcluster <version> <name> start) and
#      point PGHOST/PGPORT at the first one that is online.
#   3. Make sure a superuser role named after the current OS user exists (created through the
#      `postgres` OS user when missing). Odoo refuses to run as the `postgres` role, and the tests
#      create and drop their own databases, hence a superuser.
#   4. Export PGHOST, PGPORT and PGUSER so every child (Python tests, Odoo) uses the same server.
# PGPASSWORD, when set, is left alone and passed through the environment, never on a command line.

pg_reachable() {
  pg_isready -q -t 3 >/dev/null 2>&1
}

# Starts every Debian cluster that is down and exports PGHOST/PGPORT for the first online one.
pg_start_debian_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local version name port status
  while read -r version name port status _; do
    [[ $version =~ ^[0-9]+$ ]] || continue
    if [[ $status != online* ]]; then
      say "Starting PostgreSQL cluster $version/$name (pg_ctlcluster $version $name start)"
      as_root pg_ctlcluster "$version" "$name" start || continue
    fi
    export PGHOST=/var/run/postgresql PGPORT=$port
    return 0
  done < <(pg_lsclusters --no-header 2>/dev/null)
  return 1
}

pg_ensure_role() {
  local user=$1
  if psql -d postgres -Atqc 'select 1' >/dev/null 2>&1; then
    return 0
  fi
  say "Creating PostgreSQL superuser role \"$user\" (as the postgres OS user)"
  # -U postgres: PGUSER (already exported as the role to create) would otherwise be the login role,
  # and peer authentication refuses the postgres OS user logging in as another role.
  as_postgres psql -h "${PGHOST:-/var/run/postgresql}" -p "${PGPORT:-5432}" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$user') THEN CREATE ROLE \"$user\" SUPERUSER LOGIN; END IF; END\$\$;" \
    || return 1
  psql -d postgres -Atqc 'select 1' >/dev/null 2>&1
}

# Ensures a reachable server and a usable superuser role; exports PGHOST, PGPORT, PGUSER.
pg_ensure() {
  export PGUSER="${PGUSER:-$(id -un)}"
  if [[ $PGUSER == postgres ]]; then
    note "PGUSER is 'postgres': Odoo refuses that role; set PGUSER to another superuser role for the Odoo tier."
  fi
  if ! pg_reachable; then
    if [[ -n ${PGHOST:-} || -n ${PGPORT:-} ]]; then
      note "PostgreSQL at PGHOST=${PGHOST:-default} PGPORT=${PGPORT:-default} is not reachable; trying the local Debian cluster."
    fi
    pg_start_debian_cluster || { err "No PostgreSQL reachable and no local Debian cluster could be started (is the postgresql package installed?)."; return 1; }
    local i
    for ((i = 0; i < 50; i++)); do pg_reachable && break; sleep 0.2; done
    pg_reachable || { err "PostgreSQL did not become ready at PGHOST=$PGHOST PGPORT=$PGPORT."; return 1; }
  fi
  # libpq's own defaults (socket directory, 5432) are made explicit so that Odoo gets them too.
  export PGHOST="${PGHOST:-/var/run/postgresql}" PGPORT="${PGPORT:-5432}"
  pg_ensure_role "$PGUSER" || { err "Cannot connect to PostgreSQL as role \"$PGUSER\" and could not create it."; return 1; }
  local su
  su=$(psql -d postgres -Atqc "select rolsuper from pg_roles where rolname = current_user" 2>/dev/null)
  [[ $su == t ]] || note "Role \"$PGUSER\" is not a superuser; tests that create databases may fail."
  return 0
}
