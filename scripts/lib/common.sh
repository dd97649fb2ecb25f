# shellcheck shell=bash
# Shared helpers for the scripts in scripts/: where the repository is, how to print, how to run a
# command as root, and how to pick a free loopback port. Sourced, never executed.

PARLEY_ROOT="${PARLEY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export PARLEY_ROOT

# Colour only on a terminal: CI logs stay plain text.
if [[ -t 1 ]]; then
  _B=$'\e[1m'; _R=$'\e[31m'; _G=$'\e[32m'; _Y=$'\e[33m'; _N=$'\e[0m'
else
  _B=''; _R=''; _G=''; _Y=''; _N=''
fi

say() { printf '%s\n' "$*"; }
note() { printf '%s\n' "${_Y}$*${_N}"; }
ok() { printf '%s\n' "${_G}$*${_N}"; }
err() { printf '%s\n' "${_R}$*${_N}" >&2; }
die() { err "error: $*"; exit 1; }

section() {
  printf '\n%s\n' "${_B}==================== $* ====================${_N}"
}

# Runs a command as root: directly when we are root, through sudo otherwise. Fails with a clear
# message when neither is possible (installing Debian packages needs one of them).
as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@" || sudo "$@"
  else
    die "this step needs root: run as root or install sudo (command: $*)"
  fi
}

# Runs a command as the `postgres` OS user (to create roles in a freshly started cluster).
as_postgres() {
  if [[ $(id -un) == postgres ]]; then
    "$@"
  elif [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    sudo -n -u postgres "$@" || sudo -u postgres "$@"
  fi
}

# Prints a TCP port that is free on 127.0.0.1 right now. The kernel picks it (port 0), so two
# concurrent runs on one machine do not collide the way a fixed port would.
free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});"
}

# Waits until an HTTP URL answers (any status below 500), or fails after $2 seconds.
wait_http() {
  local url=$1 timeout=${2:-60} pid=${3:-}
  local deadline=$((SECONDS + timeout))
  while ((SECONDS < deadline)); do
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      return 1
    fi
    local code
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$url" 2>/dev/null || true)
    if [[ $code =~ ^[1-4][0-9][0-9]$ ]]; then
      return 0
    fi
    sleep 0.3
  done
  return 1
}

# Stops a process we started, by its pid: TERM, then KILL after a grace period.
stop_pid() {
  local pid=$1 grace=${2:-10}
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}
