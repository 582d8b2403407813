#!/usr/bin/env bash
# Load-tests a demo sandbox's FHIR REST API with wrk on loopback, on SQLite and on PostgreSQL, and
# the same workload against sekmet-fhir 0.1.1 (an open-source FHIR R4 server from PyPI, SQLite):
#   seed   transaction Bundles of 1 Patient + 99 Observations, 100,000 resources, through the API
#   read   GET [base]/Observation/{id} of a random seeded Observation
#   search GET [base]/Observation?patient={id}&_count=50 for a random seeded patient
#   ingest POST [base]/Observation, a valid R4 Observation with a random seeded subject
# Every request carries a client-credentials access token, fetched fresh before each load run.
#
# Usage: bench/sandbox.sh [all|sqlite|postgres|sekmet ...]   (default: all)
# Before the search's load run one client times SEARCH_PROBES searches one after another; before
# each run the script waits for the server to be idle again (settle).
# Settings (environment): DURATION=10s per load run, CONNECTIONS=32, THREADS=2 and TIMEOUT=30s
#   (wrk), PATIENTS=1000, PER_PATIENT=99, SEED_CLIENTS=2, SEARCH_COUNT=50, SEARCH_PROBES=5,
#   FHIR_PACKAGE_DIR=/work/shared/fhir/packages, PG_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres,
#   PG_ANALYZE=1 (ANALYZE the sandbox tables while and after seeding, as autovacuum would),
#   SQLITE_ANALYZE=1 (after the SQLite runs, ANALYZE as Onramp's retention job does and run again),
#   BENCH_CACHE_DIR=~/.cache/onramp-bench (sekmet's venv), CARGO_TARGET_DIR=/work/target-release,
#   KEEP=1 keeps the data dirs, logs and PostgreSQL database.
# Needs curl, python3 and PostgreSQL at PG_ADMIN_URL; installs wrk (apt) and sekmet-fhir (pip, into
# a venv under BENCH_CACHE_DIR) when missing. It measures: slow figures fail nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
here="$(pwd)/bench/sandbox"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/work/target-release}"
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

targets="${*:-all}"
duration="${DURATION:-10s}"
connections="${CONNECTIONS:-32}"
timeout="${TIMEOUT:-30s}"
threads="${THREADS:-2}"
patients="${PATIENTS:-1000}"
per_patient="${PER_PATIENT:-99}"
seed_clients="${SEED_CLIENTS:-2}"
search_count="${SEARCH_COUNT:-50}"
search_probes="${SEARCH_PROBES:-5}"
pg_analyze="${PG_ANALYZE:-1}"
sqlite_analyze="${SQLITE_ANALYZE:-1}"
analyze_tables="fhir_resources, fhir_index_tokens, fhir_index_strings, fhir_index_dates, fhir_index_references, fhir_index_numbers, sandbox_messages, oauth_tokens"
package_dir="${FHIR_PACKAGE_DIR:-/work/shared/fhir/packages}"
pg_admin="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
cache_dir="${BENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onramp-bench}"
sekmet_version=0.1.1
client="$here/fhir_client.py"

wants() { [[ " $targets " == *" all "* || " $targets " == *" $1 "* ]]; }

seconds() { # 10s, 2m, 30 -> seconds
  case "$1" in
    *m) echo $(( ${1%m} * 60 )) ;;
    *s) echo "${1%s}" ;;
    *) echo "$1" ;;
  esac
}
if (( $(seconds "$duration") > 200 )); then
  echo "DURATION=$duration: a load run must end well within the 300 s token lifetime" >&2
  exit 2
fi

# --- what the benchmark needs -------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  echo "installing wrk (apt-get)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
sekmet="$cache_dir/sekmet-$sekmet_version/bin/sekmet"
if wants sekmet && [ ! -x "$sekmet" ]; then
  echo "installing sekmet-fhir==$sekmet_version into $cache_dir/sekmet-$sekmet_version (pip)"
  mkdir -p "$cache_dir"
  python3 -m venv "$cache_dir/sekmet-$sekmet_version"
  "$cache_dir/sekmet-$sekmet_version/bin/pip" install -q "sekmet-fhir==$sekmet_version"
fi
if wants sqlite || wants postgres; then
  echo "building onramp (release, CARGO_TARGET_DIR=$CARGO_TARGET_DIR, CARGO_BUILD_JOBS=$CARGO_BUILD_JOBS)"
  cargo build --release -q -p onramp
fi
bin="$CARGO_TARGET_DIR/release/onramp"

# --- bookkeeping ----------------------------------------------------------------------------------
work=$(mktemp -d /tmp/sandbox-bench.XXXXXX)
results="$work/results.tsv"
: >"$results"
server_pid=""
pg_database=""
analyzer=""

stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid"
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  if [ -n "$analyzer" ]; then kill "$analyzer" 2>/dev/null || true; fi
  stop_server
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept $work${pg_database:+ and database $pg_database}"
    return
  fi
  if [ -n "$pg_database" ]; then
    psql "$pg_admin" -qc "DROP DATABASE IF EXISTS $pg_database" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

rss_mib() { echo $(( $(ps -o rss= -p "$server_pid") / 1024 )); }

wait_for() { # URL LOG SECONDS
  local url="$1" log="$2" limit="$3"
  for _ in $(seq $((limit * 10))); do
    curl -sf -o /dev/null "$url" && return 0
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "the server stopped; its log:" >&2
      tail -30 "$log" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "no answer from $url after $limit s; log:" >&2
  tail -30 "$log" >&2
  exit 1
}

# One wrk run: prints wrk's own lines and records rps, p50, p99 (ms) and the answers' statuses.
load() { # SERVER WORKLOAD SCRIPT URL TOKEN [SCRIPT ARGS...]
  local server="$1" workload="$2" script="$3" url="$4" token="$5"
  shift 5
  echo "\$ wrk -t$threads -c$connections -d$duration --timeout $timeout --latency -H 'Authorization: Bearer …' -s bench/sandbox/$script $url -- $*"
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$timeout" --latency \
    -H "Authorization: Bearer $token" -s "$here/$script" "$url" -- "$@")
  grep -E "Latency  | 50%| 99%|Requests/sec|Non-2xx|Socket errors|first error answer|RESULT" <<<"$out" \
    | sed 's/^/    /'
  local line
  line=$(grep '^RESULT' <<<"$out")
  local rps p50 p99 statuses
  rps=$(sed -n 's/.* rps=\([0-9.]*\).*/\1/p' <<<"$line")
  p50=$(sed -n 's/.* p50_us=\([0-9]*\).*/\1/p' <<<"$line")
  p99=$(sed -n 's/.* p99_us=\([0-9]*\).*/\1/p' <<<"$line")
  statuses=$(sed -n 's/.* statuses=\([^ ]*\).*/\1/p' <<<"$line")
  awk -v server="$server" -v workload="$workload" -v rps="$rps" -v p50="$p50" -v p99="$p99" \
    -v statuses="$statuses" 'BEGIN { printf "%s\t%s\t%.0f\t%.2f\t%.2f\t%s\n", server, workload, rps,
      p50 / 1000, p99 / 1000, statuses }' >>"$results"
}

# Waits until the server is idle again (under 5 % of a core for two seconds in a row and, on
# PostgreSQL, no statement running in its database): wrk stops without waiting for the requests it
# has in flight, and the server may go on with them (a dropped request's SQL still runs), which
# must not spill into the next run.
settle() { # [DATABASE_URL]
  local database_url="${1:-}" quiet=0 before after active
  for _ in $(seq 300); do
    before=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
    sleep 1
    after=$(awk '{ print $14 + $15 }' "/proc/$server_pid/stat")
    active=0
    if [ -n "$database_url" ]; then
      active=$(psql "$database_url" -Atc "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
    fi
    if (( after - before < 5 && active == 0 )); then quiet=$((quiet + 1)); else quiet=0; fi
    (( quiet >= 2 )) && return 0
  done
  echo "the server was still busy 300 s after the run" >&2
}

# One client, one request at a time: the search's latency on an otherwise idle server.
probe_search() { # SERVER BASE TOKEN DATA_DIR
  local server="$1" base="$2" token="$3" dir="$4"
  local times
  times=$(shuf -n "$search_probes" --random-source=<(yes) "$dir/patients.txt" | while read -r id; do
    curl -s -o "$work/probe.json" -w '%{time_total}\n' -H "Authorization: Bearer $token" \
      "$base/Observation?patient=$id&_count=$search_count"
  done | sort -n)
  local median max entries total
  median=$(awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] * 1000 }' <<<"$times")
  max=$(tail -1 <<<"$times" | awk '{ print $1 * 1000 }')
  read -r entries total < <(python3 -c 'import json, sys; b = json.load(open(sys.argv[1])); print(len(b.get("entry", [])), b.get("total"))' "$work/probe.json")
  echo "one client, $search_probes searches one after another: median $median ms, slowest $max ms ($entries entries a page, total $total)"
  printf '%s\tsearch by patient, one client (%d requests)\t\t%.2f\t%.2f (max)\t\n' "$server" "$search_probes" "$median" "$max" >>"$results"
}

# The three load runs, each with a fresh token: reads first, so the search runs over the seeded
# 100,000 resources exactly; then ingest, which adds to them.
workload() { # SERVER BASE TOKEN_URL CLIENT_ID SECRET DATA_DIR [DATABASE_URL]
  local server="$1" base="$2" token_url="$3" client_id="$4" secret="$5" dir="$6" database_url="${7:-}"
  local token
  echo "load before the runs: $(uptime)"
  token=$(python3 "$client" token "$token_url" "$client_id" "$secret")
  load "$server" "read by id" read_observation.lua "$base" "$token" "$dir/observations.txt"
  settle "$database_url"
  token=$(python3 "$client" token "$token_url" "$client_id" "$secret")
  probe_search "$server" "$base" "$token" "$dir"
  token=$(python3 "$client" token "$token_url" "$client_id" "$secret")
  load "$server" "search by patient (_count=$search_count)" search_by_patient.lua "$base" "$token" \
    "$dir/patients.txt" "$search_count"
  local settle_started=$SECONDS
  settle "$database_url"
  echo "the server was idle again $((SECONDS - settle_started)) s after the run"
  token=$(python3 "$client" token "$token_url" "$client_id" "$secret")
  load "$server" "ingest (POST Observation)" post_observation.lua "$base" "$token" "$dir/patients.txt"
  echo "load after the runs: $(uptime)"
}

seed_and_check() { # SERVER BASE TOKEN_URL CLIENT_ID SECRET DATA_DIR
  local server="$1" base="$2" token_url="$3" client_id="$4" secret="$5" dir="$6"
  python3 "$client" check "$base" "$(python3 "$client" token "$token_url" "$client_id" "$secret")" \
    | cut -c1-400
  echo "seeding $((patients * (1 + per_patient))) resources ($patients transaction Bundles, $seed_clients clients)"
  local line
  line=$(python3 "$client" seed "$base" "$token_url" "$client_id" "$secret" "$dir" \
    "$patients" "$per_patient" "$seed_clients")
  echo "$line"
  printf '%s\tseed (transaction Bundles of %d)\t%s\t\t\t\n' "$server" "$((1 + per_patient))" \
    "$(sed -n 's/.*(\([0-9,]*\) resources\/s.*/\1/p' <<<"$line" | tr -d ,)" >>"$results"
}

onramp() { # LABEL DATABASE_URL
  local label="$1" database_url="$2"
  local dir="$work/onramp-$label"
  mkdir -p "$dir/data"
  local port
  port=$(python3 "$client" free-port)
  printf 'fhir_package_dir = "%s"\n' "$package_dir" >"$dir/data/onramp.toml"
  local -a db_args=()
  [ -n "$database_url" ] && db_args=(--database-url "$database_url")
  echo
  echo "=== Onramp, $label ($("$bin" --version 2>/dev/null || echo onramp), 127.0.0.1:$port, data $dir/data)"
  "$bin" serve --demo --data-dir "$dir/data" "${db_args[@]}" --bind "127.0.0.1:$port" \
    --log-format json >"$dir/server.log" 2>&1 &
  server_pid=$!
  wait_for "http://127.0.0.1:$port/healthz" "$dir/server.log" 180
  for _ in $(seq 600); do [ -s "$dir/data/demo/sandboxes.json" ] && break; sleep 0.1; done
  local credentials base token_url client_id secret
  mapfile -t credentials < <(python3 "$client" credentials "$dir/data/demo/sandboxes.json")
  base="${credentials[0]}" token_url="${credentials[1]}" client_id="${credentials[2]}" secret="${credentials[3]}"
  wait_for "$base/metadata" "$dir/server.log" 60
  echo "sandbox $base; client $client_id (client_secret_basic); RSS at rest $(rss_mib) MiB"
  # Autovacuum analyzes growing tables about once a minute on a default PostgreSQL; the server here
  # may run with it off, and Onramp's own maintenance analyzes other tables. Without statistics the
  # planner takes the sandbox tables for empty (seeding slows down as they grow, and a search by
  # patient becomes a nested loop over every Observation), so the script stands in for autovacuum.
  analyzer=""
  if [ -n "$database_url" ] && [ "$pg_analyze" = 1 ]; then
    echo "autovacuum: $(psql "$database_url" -Atc 'SHOW autovacuum'); ANALYZE of the sandbox tables every 30 s while seeding and once after"
    (while sleep 30; do psql "$database_url" -qc "ANALYZE $analyze_tables" >/dev/null 2>&1 || true; done) &
    analyzer=$!
  fi
  seed_and_check "Onramp $label" "$base" "$token_url" "$client_id" "$secret" "$dir"
  if [ -n "$analyzer" ]; then
    kill "$analyzer"
    wait "$analyzer" 2>/dev/null || true
    analyzer=""
    psql "$database_url" -qc "ANALYZE $analyze_tables"
  fi
  settle "$database_url"
  workload "Onramp $label" "$base" "$token_url" "$client_id" "$secret" "$dir" "$database_url"
  if [ -z "$database_url" ] && [ "$sqlite_analyze" = 1 ]; then
    # Onramp's statistics on SQLite are those of its retention job's last ANALYZE (at start, on
    # near-empty sandbox tables); the same runs again once the tables' statistics are fresh.
    settle
    echo "ANALYZE of the SQLite database (as Onramp's retention job does), then the same runs again"
    python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA analysis_limit = 1000"); c.execute("ANALYZE"); c.close()' \
      "$dir/data/onramp.db"
    settle
    workload "Onramp $label, after ANALYZE" "$base" "$token_url" "$client_id" "$secret" "$dir"
  fi
  echo "RSS after load $(rss_mib) MiB"
  local errors
  errors=$(grep -cE '"level":"(ERROR|WARN)"' "$dir/server.log" || true)
  echo "server log: $errors ERROR/WARN lines"
  if [ "$errors" -gt 0 ]; then
    grep -E '"level":"(ERROR|WARN)"' "$dir/server.log" | head -20 | cut -c1-600
  fi
  stop_server
}

sekmet_server() {
  local dir="$work/sekmet"
  mkdir -p "$dir"
  local port secret
  port=$(python3 "$client" free-port)
  secret=$(python3 -c 'import secrets; print(secrets.token_urlsafe(24))')
  # SMART Backend Services with a client secret (client_secret_basic): sekmet signs HS256 JWTs that
  # live token_lifetime seconds, as Onramp's opaque tokens live 300 s. Structural validation only
  # (its pydantic models); the order simulator is off (it reacts to orders, not Observations).
  cat >"$dir/settings.yaml" <<EOF
base_url: http://127.0.0.1:$port/fhir
host: 127.0.0.1
port: $port
data_dir: $dir/data
server_auth:
  types: [smart]
  smart_clients:
    - client_id: bench
      client_secret: $secret
      scopes: system/*.*
  token_lifetime: 300
validation:
  inbound: strict
simulator:
  enabled: false
EOF
  echo
  echo "=== sekmet-fhir $sekmet_version (SQLite, 127.0.0.1:$port, data $dir/data)"
  (cd "$dir" && exec "$sekmet" serve --config "$dir/settings.yaml" >"$dir/server.log" 2>&1) &
  server_pid=$!
  local base="http://127.0.0.1:$port/fhir" token_url="http://127.0.0.1:$port/auth/token"
  wait_for "$base/metadata" "$dir/server.log" 120
  echo "FHIR base $base; token URL $token_url; RSS at rest $(rss_mib) MiB"
  seed_and_check "sekmet-fhir" "$base" "$token_url" bench "$secret" "$dir"
  settle
  workload "sekmet-fhir" "$base" "$token_url" bench "$secret" "$dir"
  echo "RSS after load $(rss_mib) MiB"
  # A POST whose connection wrk closes as a run ends is logged as an unhandled ClientDisconnect.
  local errors disconnects
  errors=$(grep -cE ' (ERROR|WARNING) ' "$dir/server.log" || true)
  disconnects=$(grep -c '^starlette.requests.ClientDisconnect' "$dir/server.log" || true)
  echo "server log: $errors ERROR/WARNING lines, $disconnects of them ClientDisconnect (wrk closing its connections)"
  if [ "$errors" -gt "$disconnects" ]; then
    grep -B2 -A12 -E ' (ERROR|WARNING) ' "$dir/server.log" | grep -v ClientDisconnect | head -40 | cut -c1-600
  fi
  grep -E '" 5[0-9][0-9]' "$dir/server.log" | head -5 || true
  stop_server
}

echo "onramp: commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- crates || echo ", with uncommitted changes under crates/")"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr); $(uptime)"
echo "wrk: $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2); threads $threads, connections $connections, duration $duration per run"

if wants sqlite; then
  onramp SQLite ""
fi
if wants postgres; then
  pg_database="onramp_sandbox_bench_$$"
  psql "$pg_admin" -qc "CREATE DATABASE $pg_database" >/dev/null
  onramp PostgreSQL "${pg_admin%/*}/$pg_database"
  if [ "${KEEP:-0}" != 1 ]; then
    psql "$pg_admin" -qc "DROP DATABASE $pg_database" >/dev/null
    pg_database=""
  fi
fi
if wants sekmet; then
  sekmet_server
fi

echo
echo "| server | workload | requests/s | p50 ms | p99 ms | answers |"
echo "|---|---|---:|---:|---:|---|"
awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$results"
echo
echo "finished: $(uptime)"
