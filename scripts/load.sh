#!/usr/bin/env bash
# Headless circuit load (issue 9): publishes the app in Release, seeds a fresh SQLite database with N visitor
# organisations, starts the app on loopback (Production settings, demo data, the seeded organisations), runs the
# driver against it and stops the app. Figures go to docs/PERFORMANCE.md.
#   scripts/load.sh [--organisations N] [driver options: --circuits N --seconds S --keystroke S --chromium P ...]
# Example: scripts/load.sh --organisations 10000 --circuits 5000 --seconds 60
set -euo pipefail
cd "$(dirname "$0")/.."
organisations=""
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --organisations) organisations="$2"; shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
circuits=100; chromium=0
for ((i = 0; i < ${#args[@]}; i++)); do
  [[ "${args[$i]}" == "--circuits" ]] && circuits="${args[$((i + 1))]}"
  [[ "${args[$i]}" == "--chromium" ]] && chromium="${args[$((i + 1))]}"
done
organisations="${organisations:-$((circuits + chromium))}"
work="${CIIE_LOAD_WORK:-/tmp/ciie-load}"
port="${CIIE_LOAD_PORT:-5300}"
url="http://127.0.0.1:$port"

# Both ends hold one socket per circuit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if (( chromium > 0 )) && ! command -v chromium >/dev/null; then
  echo "--chromium needs Debian's chromium: sudo apt-get install -y chromium" >&2; exit 1
fi

dotnet publish CiieBlazor.App -c Release -o artifacts/load/app -v quiet -nologo
dotnet build CiieBlazor.Load -c Release -v quiet -nologo
driver="CiieBlazor.Load/bin/Release/net10.0/CiieBlazor.Load.dll"
rm -rf "$work"; mkdir -p "$work"
dotnet "$driver" seed --organisations "$organisations" --work "$work"

( cd artifacts/load/app && exec dotnet CiieBlazor.App.dll --urls "$url" \
    --Database:ConnectionString "Data Source=$work/load.db" --Storage:Root "$work/uploads" --Storage:Keys "$work/keys" \
    --PersonalData:KeyFile "$work/personal-data-keys.json" \
    --Payments:Reconciliation:Enabled false --Logging:LogLevel:Default Warning \
    --Security:RateLimits:SignIn:PermitLimit 1000000 ) > "$work/app.log" 2>&1 &  # every simulated visitor signs in from this one address
app=$!
trap 'kill $app 2>/dev/null || true; wait $app 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fs "$url/healthz" >/dev/null 2>&1 && break
  kill -0 $app 2>/dev/null || { echo "the app did not start:"; cat "$work/app.log"; exit 1; }
  sleep 1
done
echo "app pid $app on $url (log: $work/app.log); load average $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$driver" run --url "$url" "${args[@]}"
