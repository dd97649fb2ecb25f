#!/usr/bin/env bash
# Installs what Parley's commands need on a Debian 12 machine, and nothing that is already there.
# Idempotent and quick on a second run: it asks dpkg before apt, and npm only when the lockfile is
# newer than node_modules. It does not install Odoo (no registry ships it); the Odoo tier finds one
# through ODOO_BIN or odoo / odoo-bin on PATH. PostgreSQL is started by scripts/lib/pg.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$PARLEY_ROOT"

# Debian packages. The python3-* list is the one Odoo 18 declares in its debian/control, plus
# python3-websocket (without it Odoo's browser tests are skipped while the run says "0 failed"),
# python3-pglast (the SQL guard) and the fonts Odoo's PDF and web assets expect.
APT_PACKAGES=(
  postgresql chromium curl ca-certificates
  python3 python3-pglast python3-psycopg2
  python3-asn1crypto python3-babel python3-cbor2 python3-chardet python3-cryptography
  python3-dateutil python3-decorator python3-docutils python3-freezegun python3-geoip2
  python3-gevent python3-greenlet python3-idna python3-pil python3-jinja2 python3-libsass
  python3-lxml python3-markupsafe python3-num2words python3-ofxparse python3-openpyxl
  python3-passlib python3-polib python3-psutil python3-openssl python3-pypdf2 python3-rjsmin
  python3-qrcode python3-renderpm python3-reportlab python3-requests python3-stdnum python3-tz
  python3-urllib3 python3-vobject python3-werkzeug python3-xlsxwriter python3-xlrd python3-zeep
  python3-websocket
  fonts-dejavu-core fonts-inconsolata fonts-font-awesome fonts-roboto-unhinted gsfonts
)

missing_packages() {
  local pkg status
  for pkg in "${APT_PACKAGES[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    [[ $status == installed ]] || printf '%s\n' "$pkg"
  done
}

install_debian_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    note "Not a Debian system: install the equivalents of these yourself: ${APT_PACKAGES[*]}"
    return 0
  fi
  local missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    say "Debian packages: all ${#APT_PACKAGES[@]} present."
    return 0
  fi
  say "Debian packages missing: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after apt-get install: ${missing[*]}"
}

check_node() {
  command -v node >/dev/null 2>&1 || die "Node.js 20 (>= 20.19) is required and not installed."
  local version major minor
  version=$(node -p 'process.versions.node')
  IFS=. read -r major minor _ <<<"$version"
  if ((major < 20 || (major == 20 && minor < 19))); then
    die "Node.js $version is too old: Parley needs 20.19 or newer (Debian 12's own nodejs is 18)."
  fi
  say "Node.js $version."
}

# npm ci wipes node_modules first, so it runs only when needed: no node_modules yet, or a lockfile
# that changed since the last install (npm writes node_modules/.package-lock.json on each install).
install_node_modules() {
  local marker=node_modules/.package-lock.json
  if [[ -f $marker && ! package-lock.json -nt $marker ]]; then
    say "node_modules: up to date with package-lock.json."
    return 0
  fi
  say "Running npm ci (node_modules missing or older than package-lock.json)."
  npm ci --no-audit --no-fund --loglevel=error
}

install_debian_packages
check_node
install_node_modules
ok "Set-up complete."
