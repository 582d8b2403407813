#!/usr/bin/env bash
# The weight and server time of the portal's busiest pages, on the demo program (SQLite): for each
# page its size in bytes and the median and 95th-percentile time of 50 requests one after another
# (curl's time_total on loopback, so it is the server's time plus a little).
# Usage: bench/pages.sh [path/to/onramp ...]   (default: this checkout's release build)
# Given several binaries (say, one built from an earlier commit), it measures each in turn.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
if [ "$#" -eq 0 ]; then
  cargo build --release -q -p onramp
  set -- "$CARGO_TARGET_DIR/release/onramp"
fi
port=18182
base="http://127.0.0.1:$port"
n="${REQUESTS:-50}"

sign_in() { # jar email
  local token
  token=$(curl -s -c "$1" -b "$1" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
  curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$2" --data-urlencode "password=onramp-demo-password" "$base/login"
}

measure() { # label jar path
  local bytes times
  bytes=$(curl -s -b "$2" -o /dev/null -w '%{size_download}' "$base$3")
  times=$(for _ in $(seq "$n"); do curl -s -b "$2" -o /dev/null -w '%{time_total}\n' "$base$3"; done | sort -n)
  local median p95
  median=$(echo "$times" | awk -v n="$n" 'NR == int((n + 1) / 2) { printf "%.1f", $1 * 1000 }')
  p95=$(echo "$times" | awk -v n="$n" 'NR == int(n * 0.95) { printf "%.1f", $1 * 1000 }')
  printf '| %-28s | %8s | %6s ms | %6s ms |\n' "$1" "$bytes" "$median" "$p95"
}

for bin in "$@"; do
  dir=$(mktemp -d)
  "$bin" serve --demo --data-dir "$dir" --bind "127.0.0.1:$port" --log-format json >"$dir/out" 2>"$dir/log" &
  pid=$!
  for _ in $(seq 100); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  sleep 2
  staff="$dir/staff" partner="$dir/partner" visitor="$dir/visitor"
  sign_in "$staff" admin@demo.onramp.test
  sign_in "$partner" admin@lakeside-health.test
  curl -s -c "$visitor" -o /dev/null "$base/login"
  dossier=$(curl -s -b "$staff" "$base/staff/organizations" | grep -o 'href="/staff/organizations/[0-9a-f-]*"' | head -n 1 | sed 's/href="\(.*\)"/\1/')
  echo "### $bin"
  echo
  echo "| page | bytes | median | p95 |"
  echo "|---|---:|---:|---:|"
  measure "/ (visitor)" "$visitor" /
  measure "/login" "$visitor" /login
  measure "/register" "$visitor" /register
  measure "/ (program admin)" "$staff" /
  measure "/staff/organizations" "$staff" /staff/organizations
  measure "a dossier" "$staff" "$dossier"
  measure "/admin/audit" "$staff" /admin/audit
  measure "/ (partner admin)" "$partner" /
  measure "/partner" "$partner" /partner
  measure "/account" "$partner" /account
  echo
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$dir"
done
