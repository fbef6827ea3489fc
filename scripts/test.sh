#!/usr/bin/env bash
# Runs every test of CiieBlazor: domain, component (bUnit), integration on SQLite, and browser (Playwright + Debian chromium);
# then the integration tests again on PostgreSQL (Debian's postgresql, a throwaway role, one database per test app).
# On a fresh Debian machine it installs what the tests need (as root, with apt-get) and starts PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# A CJK font so that screenshots of the Chinese UI are legible.
fc-list 2>/dev/null | grep -qi 'CJK' || need+=(fonts-noto-cjk)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
# The two-instance tests start their own Redis (the backplane of live updates).
[ -x /usr/bin/redis-server ] || need+=(redis-server)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing: ${need[*]}. Run as root (or: sudo apt-get install -y ${need[*]})." >&2
    exit 1
  fi
  echo "Installing ${need[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

dotnet tool restore >/dev/null
dotnet build CiieBlazor.sln -c Debug
# Each pass's console output is kept in artifacts/test-results; both passes run even when the first fails, and the end of
# the output names every failed test with its message (the part of a long CI log one reads first).
results=artifacts/test-results
rm -rf "$results"; mkdir -p "$results"
failed=0
# The first pass runs everything but the few tests that exist for PostgreSQL (they run in the second pass).
all=0
if [ $# -eq 0 ]; then all=1; set -- --filter "Database!=PostgreSqlOnly"; fi
dotnet test CiieBlazor.Tests/CiieBlazor.Tests.csproj -c Debug --no-build --logger "console;verbosity=normal" "$@" \
  2>&1 | tee "$results/sqlite.log" || failed=1

# Second pass: the integration tests on PostgreSQL (not the browser walks, except the two-instance ones that exist for
# PostgreSQL; not the few that read the SQLite file itself).
# Skipped when a filter or other arguments were given (a run of chosen tests), or with CIIE_SKIP_POSTGRES=1.
if [ $all -eq 1 ] && [ "${CIIE_SKIP_POSTGRES:-0}" != "1" ]; then
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL is not running. Start it (sudo service postgresql start) or set CIIE_SKIP_POSTGRES=1." >&2
      exit 1
    fi
    cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
    [ -n "$cluster" ] || { echo "No PostgreSQL cluster found (pg_lsclusters)." >&2; exit 1; }
    pg_ctlcluster $cluster start
  fi
  port=$(pg_lsclusters -h | awk '$4=="online" {print $3; exit}')
  # A role of the tests' own that may create (and drop) their databases.
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- psql -p "$port" -qtAc "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ciie_test') THEN CREATE ROLE ciie_test LOGIN CREATEDB PASSWORD 'ciie-test'; END IF; END \$\$; GRANT pg_signal_backend TO ciie_test;"
  fi
  echo "Integration tests on PostgreSQL (port $port) ..."
  CIIE_TEST_POSTGRES="Host=localhost;Port=$port;Username=ciie_test;Password=ciie-test" \
    dotnet test CiieBlazor.Tests/CiieBlazor.Tests.csproj -c Debug --no-build --logger "console;verbosity=normal" \
    --filter "(Category!=Browser|Instances=Two)&Database!=SqliteOnly" 2>&1 | tee "$results/postgresql.log" || failed=1
else
  # Said aloud: a run of chosen tests (or CIIE_SKIP_POSTGRES=1) did not run the PostgreSQL pass, nothing passed in its place.
  echo "PostgreSQL pass NOT run (arguments given or CIIE_SKIP_POSTGRES=1): the integration tests ran on SQLite only."
fi

echo
echo "==== Test summary ===="
for log in "$results"/*.log; do
  echo "-- $(basename "$log" .log):"
  grep -E '^(Total tests|     (Passed|Failed|Skipped)):' "$log" || echo "   (no totals: the run did not finish)"
  # Each failed test, then its message (the lines up to its stack trace).
  awk '/^  Failed [^ ]/ {show=1} /^  Stack Trace:/ {show=0} show {print "   " $0}' "$log" | cut -c1-400 | head -200
done
if [ $failed -ne 0 ]; then echo "FAILED: see the tests named above."; exit 1; fi
if [ -f "$results/postgresql.log" ]; then echo "All tests passed."
else echo "All tests that ran passed; the PostgreSQL pass did not run (see above)."; fi
