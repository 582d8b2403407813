#!/usr/bin/env bash
# Load-tests `onramp serve` on loopback with wrk: an authenticated portal page (/account) and an
# /api/v1 read (/api/v1/me with a bearer token), on SQLite and on PostgreSQL; and memory at rest.
# Usage: bench/server.sh [sqlite|postgres|both]   (needs wrk, curl; PostgreSQL at 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
cargo build --release -q -p onramp
bin="$CARGO_TARGET_DIR/release/onramp"
which="${1:-both}"
duration="${DURATION:-15s}"
connections="${CONNECTIONS:-32}"
port=18181
base="http://127.0.0.1:$port"

run_one() {
  local label="$1" database_url="$2"
  local dir; dir=$(mktemp -d)
  local -a db_args=()
  [ -n "$database_url" ] && db_args=(--database-url "$database_url")
  echo "bench password 0123" | "$bin" admin create-user --data-dir "$dir" "${db_args[@]}" \
    --email bench@example.org --name Bench --role program_admin --password-stdin >/dev/null
  "$bin" serve --data-dir "$dir" "${db_args[@]}" --bind "127.0.0.1:$port" --log-format json 2>"$dir/log" &
  local pid=$!
  for _ in $(seq 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  sleep 1
  local rss_at_rest; rss_at_rest=$(ps -o rss= -p "$pid")

  local jar="$dir/cookies"
  local token; token=$(curl -s -c "$jar" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p')
  curl -s -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=bench@example.org" --data-urlencode "password=bench password 0123" "$base/login"
  local session; session=$(awk '$6 == "onramp_session" {print $7}' "$jar")
  local api_token; api_token=$(curl -s -b "onramp_session=$session" -H 'content-type: application/json' \
    -d '{"name":"bench"}' "$base/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')

  echo "### $label"
  echo
  echo "memory at rest (RSS after start-up): $((rss_at_rest / 1024)) MiB"
  echo
  echo '```'
  echo "\$ wrk -t2 -c$connections -d$duration --latency -H 'Cookie: onramp_session=…' $base/account"
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Cookie: onramp_session=$session" "$base/account" \
    | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx"
  echo "\$ wrk -t2 -c$connections -d$duration --latency -H 'Authorization: Bearer onr_…' $base/api/v1/me"
  wrk -t2 -c"$connections" -d"$duration" --latency -H "Authorization: Bearer $api_token" "$base/api/v1/me" \
    | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx"
  echo '```'
  echo "memory after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MiB"
  echo
  kill -TERM "$pid"; wait "$pid" || true
  rm -rf "$dir"
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  run_one "SQLite" ""
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS onramp_bench" >/dev/null
  psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE onramp_bench" >/dev/null
  run_one "PostgreSQL" "postgres://postgres@127.0.0.1:5432/onramp_bench"
fi
