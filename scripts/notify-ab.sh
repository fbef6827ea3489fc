#!/usr/bin/env bash
# A/B of the payment-notification benchmark: an earlier commit against the working copy, run alternately on the same
# machine so that both meet the same moment of a shared or virtual machine (docs/PERFORMANCE.md, issue 6).
#
#   scripts/notify-ab.sh <base-commit> [runs per side, 3] [connections, 64]
#
# Needs wrk (apt-get install wrk). The base is checked out into a temporary worktree and built in Release beside the
# working copy's build; each run's whole output stays in artifacts/notify-ab/.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: scripts/notify-ab.sh <base-commit> [runs] [connections]}
runs=${2:-3}
connections=${3:-64}
out=artifacts/notify-ab
mkdir -p "$out"
tree=$(mktemp -d /tmp/ciie-notify-ab.XXXXXX)
trap 'git worktree remove --force "$tree" >/dev/null 2>&1 || rm -rf "$tree"' EXIT
git worktree add --detach "$tree" "$base" >/dev/null
dotnet build "$tree/CiieBlazor.Bench" -c Release -v q >/dev/null
dotnet build CiieBlazor.Bench -c Release -v q >/dev/null

for i in $(seq 1 "$runs"); do
  for side in base new; do
    dir=.; [ "$side" = base ] && dir=$tree
    file="$out/$side-$connections-$i.txt"
    (cd "$dir" && dotnet run -c Release --no-build --project CiieBlazor.Bench -- notify --client wrk --concurrency "$connections") > "$file" 2>&1 || true
    printf '%s %s: %s | %s | %s\n' "$side" "$i" \
      "$(grep -E 'valid/s' "$file" || echo 'no figure')" \
      "$(grep -o 'latency ms.*' "$file" || true)" \
      "$(grep -E '^(PASS|FAIL)' "$file" | cut -c1-4 || true)"
  done
done
