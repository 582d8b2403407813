#!/usr/bin/env bash
# Every list page, list API and export at scale (issue 17, docs/adr/0013-lists-at-scale.md): for
# each engine, a fresh database filled by `onramp bench seed`, then `onramp serve` on loopback and
# wrk (--latency) on each list — its first page, each filter it takes and its last page — signed in
# as the seeded program admin (cookie for pages, bearer token for /api/v1); exports are timed with
# curl instead (time to first byte and total time, the median of EXPORT_RUNS). Prints one markdown
# table per engine: route, first answer's status and size, requests/s, p50, p99, requests measured
# and errors (wrk's non-2xx/3xx count plus socket errors and timeouts) — a route that answers
# anything but 2xx is flagged with ⚠ rather than measured silently.
#
# Usage: bench/lists.sh [sqlite|postgres|both]   (default both; needs wrk, curl, sqlite3, psql;
#        PostgreSQL at 127.0.0.1:5432, user postgres, trust auth: the scratch database
#        onramp_bench_lists is dropped and recreated)
# Size (env): ORGANIZATIONS (10000), AUDIT_EVENTS (1000000), and, when set, USERS_PER_ORG,
#        ENROLLMENTS, SANDBOX_MESSAGES, TICKETS, SEED (otherwise the generator's defaults).
# Load (env): CONNECTIONS (32), DURATION (10s), THREADS (2), WRK_TIMEOUT (30s), EXPORT_RUNS (3),
#        EXPORT_TIMEOUT (600 s per export). ONRAMP_BIN=path skips the build; KEEP=1 keeps the
#        seeded database (and prints where it is).
# Quick run: ORGANIZATIONS=300 AUDIT_EVENTS=20000 DURATION=2s bench/lists.sh sqlite
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
if [ -n "${ONRAMP_BIN:-}" ]; then
  bin="$ONRAMP_BIN"
else
  cargo build --release -q -p onramp
  bin="$CARGO_TARGET_DIR/release/onramp"
fi
which="${1:-both}"
case "$which" in sqlite | postgres | both) ;; *) echo "usage: $0 [sqlite|postgres|both]" >&2; exit 2 ;; esac
for tool in wrk curl; do command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install -y $tool)" >&2; exit 2; }; done

organizations="${ORGANIZATIONS:-10000}"
audit_events="${AUDIT_EVENTS:-1000000}"
connections="${CONNECTIONS:-32}"
duration="${DURATION:-10s}"
threads="${THREADS:-2}"
wrk_timeout="${WRK_TIMEOUT:-30s}"
export_runs="${EXPORT_RUNS:-3}"
export_timeout="${EXPORT_TIMEOUT:-600}"
port=18183
base="http://127.0.0.1:$port"
pg_server="postgres://postgres@127.0.0.1:5432"
pg_database=onramp_bench_lists
# The generator's documented staff accounts and password (onramp_server::bench_seed).
password="onramp-bench-password"
admin_email="admin@bench.onramp.test"
coordinator_email="coordinator@bench.onramp.test"

seed_args=(--organizations "$organizations" --audit-events "$audit_events")
[ -n "${USERS_PER_ORG:-}" ] && seed_args+=(--users-per-org "$USERS_PER_ORG")
[ -n "${ENROLLMENTS:-}" ] && seed_args+=(--enrollments "$ENROLLMENTS")
[ -n "${SANDBOX_MESSAGES:-}" ] && seed_args+=(--sandbox-messages "$SANDBOX_MESSAGES")
[ -n "${TICKETS:-}" ] && seed_args+=(--tickets "$TICKETS")
[ -n "${SEED:-}" ] && seed_args+=(--seed "$SEED")

server_pid="" dir="" engine="" database_url=""
declare -A export_lines=()
cleanup() {
  if [ -n "$server_pid" ]; then kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  server_pid=""
  if [ "${KEEP:-}" = 1 ]; then
    [ -n "$dir" ] && echo "kept: $dir ${database_url:+($database_url)}" >&2
  else
    [ -n "$dir" ] && rm -rf "$dir"
    if [ "$engine" = postgres ]; then
      psql -X -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $pg_database" >/dev/null 2>&1 || true
    fi
  fi
  dir=""
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# One value (the first column of the first row) from the seeded database, to choose filter values.
sql() {
  if [ "$engine" = sqlite ]; then
    sqlite3 -batch -noheader -cmd ".timeout 10000" "$dir/onramp.db" "$1" | head -n 1
  else
    psql -X -h 127.0.0.1 -U postgres -d "$pg_database" -Atqc "$1" | head -n 1
  fi
}

sign_in() { # jar email
  local token
  token=$(curl -s -c "$1" -b "$1" "$base/login" | sed -n 's/.*name="csrf_token" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)
  curl -s -b "$1" -c "$1" -o /dev/null --data-urlencode "csrf_token=$token" \
    --data-urlencode "email=$2" --data-urlencode "password=$password" "$base/login"
  awk '$6 == "onramp_session" {print $7}' "$1"
}

api_token() { # session
  curl -s -b "onramp_session=$1" -H 'content-type: application/json' -d '{"name":"bench lists"}' \
    "$base/api/v1/tokens" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p'
}

# Waits (at most two minutes) until requests a previous load left in flight are done: the server
# uses almost no CPU for half a second and, on PostgreSQL, no query of this database is running.
wait_idle() {
  local before after active
  for _ in $(seq 240); do
    before=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
    sleep 0.5
    after=$(awk '{print $14 + $15}' "/proc/$server_pid/stat")
    active=0
    if [ "$engine" = postgres ]; then
      active=$(psql -X -h 127.0.0.1 -U postgres -d "$pg_database" -Atqc \
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '$pg_database' AND state = 'active' AND pid <> pg_backend_pid()")
    fi
    [ $(( after - before )) -le 2 ] && [ "${active:-0}" -eq 0 ] && return 0
  done
  echo "warning: the server was still busy after two minutes" >&2
}

# wrk's latency (850.00us, 2.41ms, 1.20s, 1.00m) in milliseconds.
to_ms() {
  awk -v value="$1" 'BEGIN {
    n = value + 0; unit = value; sub(/^[0-9.]+/, "", unit)
    if (unit == "us") n /= 1000; else if (unit == "s") n *= 1000; else if (unit == "m") n *= 60000
    if (n >= 100) printf "%.0f ms", n; else if (n >= 10) printf "%.1f ms", n; else printf "%.2f ms", n }'
}

# A row of the table: the route loaded by wrk with the given auth header (or none).
measure() { # label path [header]
  local label="$1" path="$2" header="${3:-}"
  local -a auth=()
  [ -n "$header" ] && auth=(-H "$header")
  local probe status bytes single
  probe=$(curl -s -o /dev/null -w '%{http_code} %{size_download} %{time_total}' --max-time "$export_timeout" \
    "${auth[@]}" "$base$path" || echo "000 0 0")
  read -r status bytes single <<<"$probe"
  local out
  out=$(wrk -t"$threads" -c"$connections" -d"$duration" --timeout "$wrk_timeout" --latency "${auth[@]}" "$base$path" 2>&1 || true)
  wait_idle
  local rps p50 p99 count non2xx socket
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  count=$(awk '/requests in/ {print $1}' <<<"$out")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  local errors=$(( ${non2xx:-0} + ${socket:-0} ))
  local flag=""
  [[ "$status" == 2* ]] || flag=" ⚠"
  [ "$errors" -gt 0 ] && flag=" ⚠"
  local note=""
  [ "$errors" -gt 0 ] && note="$errors (${non2xx:-0} non-2xx/3xx, ${socket:-0} socket errors or timeouts)"
  if [ "${count:-0}" -eq 0 ]; then
    flag=" ⚠" note="no request completed in $duration"
    p50="" p99="" rps=""
  fi
  printf '| %s | `%s` | %s%s | %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$path" "$status" "$flag" "$bytes" \
    "$(awk -v s="$single" 'BEGIN { printf "%.1f ms", s * 1000 }')" "${rps:-–}" \
    "$( [ -n "$p50" ] && to_ms "$p50" || echo '–')" "$( [ -n "$p99" ] && to_ms "$p99" || echo '–')" \
    "${count:-0}" "${note:-0}"
}

# An export timed with curl: median time to first byte and total time over EXPORT_RUNS downloads.
export_time() { # label path [header]
  local label="$1" path="$2" header="${3:-}"
  local -a auth=()
  [ -n "$header" ] && auth=(-H "$header")
  local runs status="" bytes="" rows="" line
  runs=$(for _ in $(seq "$export_runs"); do
    curl -s -o "$dir/export" --max-time "$export_timeout" -w '%{http_code} %{size_download} %{time_starttransfer} %{time_total}\n' \
      "${auth[@]}" "$base$path" || echo "000 0 0 0"
  done)
  line=$(tail -n 1 <<<"$runs")
  status=${line%% *}
  bytes=$(cut -d' ' -f2 <<<"$line")
  rows=$(wc -l <"$dir/export" 2>/dev/null || echo 0)
  export_lines[$path]=$rows
  local ttfb total
  ttfb=$(cut -d' ' -f3 <<<"$runs" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f ms", v[int((NR + 1) / 2)] * 1000 }')
  total=$(cut -d' ' -f4 <<<"$runs" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f ms", v[int((NR + 1) / 2)] * 1000 }')
  local flag=""
  [[ "$status" == 2* ]] || flag=" ⚠"
  printf '| %s | `%s` | %s%s | %s | %s | %s | %s |\n' "$label" "$path" "$status" "$flag" "$bytes" "$rows" "$ttfb" "$total"
}

# The number after "total": in a JSON body, or the x-total-count header.
json_total() { sed -n 's/.*"total":\([0-9]*\).*/\1/p' | head -n 1; }
last_page() { # total per_page
  local pages=$(( ($1 + $2 - 1) / $2 ))
  [ "$pages" -lt 1 ] && pages=1
  echo "$pages"
}

run_one() {
  local label="$1"
  dir=$(mktemp -d /tmp/onramp-bench-lists.XXXXXX)
  local -a db_args=()
  [ -n "$database_url" ] && db_args=(--database-url "$database_url")

  echo "seeding the $label database: ${seed_args[*]}" >&2
  local seed_started=$SECONDS
  "$bin" bench seed --data-dir "$dir" "${db_args[@]}" "${seed_args[@]}" >"$dir/seed.out" 2>"$dir/seed.err" \
    || { cat "$dir/seed.err" >&2; return 1; }
  local seed_seconds=$(( SECONDS - seed_started ))

  # The server's maintenance deletes sandbox messages older than the retention (counted from the
  # real clock; the seeded log starts in January 2025): keep them all.
  printf 'sandbox_message_retention_days = 3650\n' >"$dir/onramp.toml"
  "$bin" serve --data-dir "$dir" "${db_args[@]}" --bind "127.0.0.1:$port" --log-format json >"$dir/out" 2>"$dir/log" &
  server_pid=$!
  for _ in $(seq 300); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.1; done
  curl -sf "$base/healthz" >/dev/null || { echo "the server did not start:" >&2; tail -n 20 "$dir/log" >&2; return 1; }
  sleep 1

  local session coordinator_session token coordinator_token
  session=$(sign_in "$dir/admin" "$admin_email")
  coordinator_session=$(sign_in "$dir/coordinator" "$coordinator_email")
  [ -n "$session" ] || { echo "could not sign in as $admin_email" >&2; return 1; }
  token=$(api_token "$session")
  coordinator_token=$(api_token "$coordinator_session")
  [ -n "$token" ] || { echo "could not make an API token" >&2; return 1; }
  local cookie="Cookie: onramp_session=$session" bearer="Authorization: Bearer $token"
  local coordinator_cookie="Cookie: onramp_session=$coordinator_session"
  local coordinator_bearer="Authorization: Bearer $coordinator_token"

  # Filter values taken from the seeded data: the busiest organization, actor, sandbox, track,
  # support group; a day in the middle of the audit trail.
  local org actor_id actor_email environment track group day day_ms
  org=$(sql "SELECT organization_id FROM audit_events WHERE organization_id IS NOT NULL GROUP BY organization_id ORDER BY COUNT(*) DESC LIMIT 1")
  actor_id=$(sql "SELECT actor_id FROM audit_events WHERE actor_id IS NOT NULL GROUP BY actor_id ORDER BY COUNT(*) ASC LIMIT 1")
  actor_email=$(sql "SELECT email FROM users WHERE email = '$admin_email'")
  environment=$(sql "SELECT environment_id FROM sandbox_messages GROUP BY environment_id ORDER BY COUNT(*) DESC LIMIT 1")
  track=$(sql "SELECT track_key FROM enrollments GROUP BY track_key ORDER BY COUNT(*) DESC LIMIT 1")
  group=$(sql "SELECT group_key FROM support_tickets GROUP BY group_key ORDER BY COUNT(*) DESC LIMIT 1")
  day_ms=$(sql "SELECT at FROM audit_events WHERE seq = (SELECT MAX(seq) / 2 FROM audit_events)")
  day=$(date -u -d "@$(( ${day_ms:-0} / 1000 ))" +%F)
  local message_to message_from
  message_to=$(sql "SELECT MAX(received_at) FROM sandbox_messages WHERE environment_id = '$environment'")
  message_from=$(( ${message_to:-0} - 86400000 ))

  # Totals, for the last pages.
  local org_total audit_total enrollment_total ticket_total open_total
  org_total=$(curl -s -D - -o /dev/null -H "$bearer" "$base/api/v1/organizations?per_page=50" | tr -d '\r' | awk -F': ' 'tolower($1) == "x-total-count" {print $2}')
  audit_total=$(curl -s -H "$bearer" "$base/api/v1/audit-events?per_page=1" | json_total)
  enrollment_total=$(curl -s -H "$bearer" "$base/api/v1/enrollments?per_page=1" | json_total)
  ticket_total=$(curl -s -H "$bearer" "$base/api/v1/support/tickets?per_page=1" | json_total)
  open_total=$(curl -s -H "$bearer" "$base/api/v1/support/tickets?per_page=1&open=true" | json_total)
  local org_last audit_last enrollment_last ticket_last open_last
  org_last=$(last_page "${org_total:-0}" 50)
  audit_last=$(last_page "${audit_total:-0}" 50)
  enrollment_last=$(last_page "${enrollment_total:-0}" 50)
  ticket_last=$(last_page "${ticket_total:-0}" 50)
  open_last=$(last_page "${open_total:-0}" 50)

  echo "### $label"
  echo
  echo "Seeded with \`onramp bench seed ${seed_args[*]}\` in ${seed_seconds} s:"
  echo
  echo '```'
  cat "$dir/seed.out"
  echo '```'
  echo
  echo "Totals seen by the API: $org_total organizations, $audit_total audit events, $enrollment_total enrollments," \
    "$ticket_total tickets ($open_total open). wrk: $threads threads, $connections connections, $duration per route," \
    "--timeout $wrk_timeout; load average before: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo
  echo "| list | route | status | bytes | one request | requests/s | p50 | p99 | requests | errors |"
  echo "|---|---|---|---:|---:|---:|---:|---:|---:|---:|"

  # Organizations: the reviewers' API and page (filters: state, category, country, tier; no text search).
  measure "organizations API" "/api/v1/organizations" "$bearer"
  measure "organizations API, state" "/api/v1/organizations?state=active" "$bearer"
  measure "organizations API, tier" "/api/v1/organizations?tier=registered" "$bearer"
  measure "organizations API, category" "/api/v1/organizations?category=technology_vendor" "$bearer"
  measure "organizations API, country" "/api/v1/organizations?country=ca" "$bearer"
  measure "organizations API, all filters" "/api/v1/organizations?state=active&tier=registered&category=healthcare_organization&country=US" "$bearer"
  measure "organizations API, 500 a page" "/api/v1/organizations?per_page=500" "$bearer"
  measure "organizations API, last page" "/api/v1/organizations?page=$org_last" "$bearer"
  measure "staff organizations page" "/staff/organizations" "$cookie"
  measure "staff organizations page, state" "/staff/organizations?state=under_review" "$cookie"
  measure "staff organizations page, tier" "/staff/organizations?tier=collaborative" "$cookie"
  measure "staff organizations page, category" "/staff/organizations?category=government_agency" "$cookie"
  measure "staff organizations page, country" "/staff/organizations?country=CA" "$cookie"
  measure "staff organizations page, last page" "/staff/organizations?page=$org_last" "$cookie"

  # Audit trail (filters: actor, entity_type, entity_id, organization_id, from, until; no action filter).
  measure "audit page" "/admin/audit" "$cookie"
  measure "audit page, actor (email)" "/admin/audit?actor=$actor_email" "$cookie"
  measure "audit page, organization" "/admin/audit?organization_id=$org" "$cookie"
  measure "audit page, entity type" "/admin/audit?entity_type=organization" "$cookie"
  measure "audit page, one day" "/admin/audit?from=$day&until=$day" "$cookie"
  measure "audit page, last page" "/admin/audit?page=$audit_last" "$cookie"
  measure "audit API" "/api/v1/audit-events" "$bearer"
  measure "audit API, actor (rarest id)" "/api/v1/audit-events?actor=$actor_id" "$bearer"
  measure "audit API, organization" "/api/v1/audit-events?organization_id=$org" "$bearer"
  measure "audit API, entity" "/api/v1/audit-events?entity_type=organization&entity_id=$org" "$bearer"
  measure "audit API, one day" "/api/v1/audit-events?from=$day&until=$day" "$bearer"
  measure "audit API, 200 a page" "/api/v1/audit-events?per_page=200" "$bearer"
  measure "audit API, last page" "/api/v1/audit-events?page=$audit_last" "$bearer"

  # Enrollments (filters: track, state, tier, category, country, coordinator, at_risk).
  measure "enrollments page" "/enrollments" "$cookie"
  measure "enrollments page, track + at risk" "/enrollments?track=$track&at_risk=true" "$cookie"
  measure "enrollments page, last page" "/enrollments?page=$enrollment_last" "$cookie"
  measure "enrollments API" "/api/v1/enrollments" "$bearer"
  measure "enrollments API, track" "/api/v1/enrollments?track=$track" "$bearer"
  measure "enrollments API, state" "/api/v1/enrollments?state=active" "$bearer"
  measure "enrollments API, tier + country" "/api/v1/enrollments?tier=registered&country=US" "$bearer"
  measure "enrollments API, at risk" "/api/v1/enrollments?at_risk=true" "$bearer"
  measure "enrollments API, last page" "/api/v1/enrollments?page=$enrollment_last" "$bearer"

  # Tasks: the coordinator's (most tasks are a coordinator's or a partner's) and the admin's.
  measure "my tasks page (coordinator)" "/tasks" "$coordinator_cookie"
  measure "my tasks API (coordinator)" "/api/v1/tasks" "$coordinator_bearer"
  measure "my tasks page (program admin)" "/tasks" "$cookie"

  # The sandbox message log of the busiest sandbox (page: newest 100; API: limit 1–1,000).
  if [ -n "$environment" ]; then
    measure "sandbox page (message log)" "/environments/$environment" "$cookie"
    measure "sandbox page, type + errors" "/environments/$environment?resource_type=Patient&outcome=errors" "$cookie"
    measure "messages API" "/api/v1/environments/$environment/messages" "$bearer"
    measure "messages API, 1,000" "/api/v1/environments/$environment/messages?limit=1000" "$bearer"
    measure "messages API, type" "/api/v1/environments/$environment/messages?resource_type=Patient" "$bearer"
    measure "messages API, errors" "/api/v1/environments/$environment/messages?outcome=errors" "$bearer"
    measure "messages API, a day" "/api/v1/environments/$environment/messages?from=$message_from&to=$message_to" "$bearer"
    measure "messages API, NDJSON 1,000" "/api/v1/environments/$environment/messages?format=ndjson&limit=1000" "$bearer"
  else
    echo "| sandbox message log | \`/environments/{id}\` | – | – | – | – | – | – | – | not measured: the seeded database has no sandbox message |"
  fi

  # Support tickets (page: group, severity, status, sla, mine; API also assignee, open, per_page).
  measure "support queue page" "/support" "$cookie"
  measure "support queue page, group" "/support?group=$group" "$cookie"
  measure "support queue page, severity" "/support?severity=high" "$cookie"
  measure "support queue page, solved" "/support?status=solved" "$cookie"
  measure "support queue page, breached" "/support?sla=breached" "$cookie"
  measure "support queue page, mine" "/support?mine=1" "$cookie"
  measure "support queue page, last page" "/support?page=$open_last" "$cookie"
  measure "tickets API" "/api/v1/support/tickets" "$bearer"
  measure "tickets API, open (queue)" "/api/v1/support/tickets?open=true" "$bearer"
  measure "tickets API, status" "/api/v1/support/tickets?status=solved" "$bearer"
  measure "tickets API, severity" "/api/v1/support/tickets?severity=critical" "$bearer"
  measure "tickets API, group" "/api/v1/support/tickets?group=$group" "$bearer"
  measure "tickets API, sla" "/api/v1/support/tickets?sla=breached" "$bearer"
  measure "tickets API, assignee me" "/api/v1/support/tickets?assignee=me" "$bearer"
  measure "tickets API, last page" "/api/v1/support/tickets?page=$ticket_last" "$bearer"

  # Public lists (no sign-in): the partner directory and the registry of certified systems.
  measure "directory page" "/directory"
  measure "directory API" "/api/v1/directory"
  local suite
  suite=$(curl -s -H "$bearer" "$base/api/v1/suites" | sed -n 's/.*"key":"\([^"]*\)".*/\1/p' | head -n 1)
  if [ -n "$suite" ]; then
    measure "certified systems page" "/certificates?suite=$suite"
    measure "certified systems API" "/api/v1/public/suites/$suite/certificates"
  else
    echo "| certified systems | \`/certificates\` | – | – | – | – | – | – | – | not measured: no conformance suite to ask for |"
  fi

  # The jobs, the conformance review queue and staff lists without paging (the slowest last, so
  # that what they leave in flight delays nothing else).
  measure "jobs page" "/admin/jobs" "$cookie"
  measure "jobs API" "/api/v1/jobs" "$bearer"
  measure "review queue page" "/reviews" "$cookie"
  measure "review queue API" "/api/v1/reviews" "$bearer"
  measure "users page" "/admin/users" "$cookie"
  measure "agreements page" "/staff/agreements" "$cookie"
  echo

  wait_idle
  echo "| export | route | status | bytes | lines | time to first byte | total time |"
  echo "|---|---|---|---:|---:|---:|---:|"
  export_time "organizations CSV (page)" "/staff/organizations.csv" "$cookie"
  export_time "organizations CSV (page), active" "/staff/organizations.csv?state=active" "$cookie"
  export_time "organizations CSV (API)" "/api/v1/organizations.csv" "$bearer"
  export_time "enrollments CSV" "/enrollments.csv" "$cookie"
  export_time "audit CSV" "/admin/audit.csv" "$cookie"
  export_time "audit FHIR NDJSON" "/admin/audit.ndjson" "$cookie"
  echo
  # Lists that stop short without saying so: what the page or file holds against the database.
  local users_shown directory_shown directory_api_shown
  users_shown=$(curl -s -H "$cookie" "$base/admin/users" | grep -o '<tr' | wc -l)
  directory_shown=$(curl -s "$base/directory" | grep -o '<tr' | wc -l)
  directory_api_shown=$(curl -s "$base/api/v1/directory" | grep -o '"legal_name"' | wc -l)
  echo "| list | rows shown | rows in the database |"
  echo "|---|---:|---:|"
  echo "| \`/admin/users\` (table rows) | $(( users_shown - 1 )) | $(sql "SELECT COUNT(*) FROM users") users |"
  echo "| \`/directory\` (table rows) | $(( directory_shown - 1 )) | $(sql "SELECT COUNT(*) FROM organizations WHERE state = 'active' AND directory_opt_in = 1") active, opted in |"
  echo "| \`/api/v1/directory\` (entries) | $directory_api_shown | the same |"
  echo "| \`/staff/organizations.csv\` (lines − header) | $(( ${export_lines[/staff/organizations.csv]:-1} - 1 )) | $(sql "SELECT COUNT(*) FROM organizations") organizations |"
  echo "| \`/enrollments.csv\` (lines − header) | $(( ${export_lines[/enrollments.csv]:-1} - 1 )) | $(sql "SELECT COUNT(*) FROM enrollments") enrollments |"
  echo "| \`/admin/audit.csv\` (lines − header) | $(( ${export_lines[/admin/audit.csv]:-1} - 1 )) | $(sql "SELECT COUNT(*) FROM audit_events") events |"
  echo
  echo "memory after load: $(( $(ps -o rss= -p "$server_pid") / 1024 )) MiB"
  echo
  cleanup
}

if [ "$which" = sqlite ] || [ "$which" = both ]; then
  engine=sqlite database_url=""
  run_one "SQLite"
fi
if [ "$which" = postgres ] || [ "$which" = both ]; then
  engine=postgres database_url="$pg_server/$pg_database"
  psql -X -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $pg_database" >/dev/null
  psql -X -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $pg_database" >/dev/null
  run_one "PostgreSQL"
fi
