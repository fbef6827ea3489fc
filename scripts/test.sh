#!/usr/bin/env bash
# Runs every test of CiieBlazor: domain, component (bUnit), integration on SQLite, and browser (Playwright + Debian chromium).
# On a fresh Debian machine it installs what the browser tests need (as root, with apt-get).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# A CJK font so that screenshots of the Chinese UI are legible.
fc-list 2>/dev/null | grep -qi 'CJK' || need+=(fonts-noto-cjk)
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
dotnet test CiieBlazor.Tests/CiieBlazor.Tests.csproj -c Debug --no-build --logger "console;verbosity=normal" "$@"
