#!/usr/bin/env bash
# `make test` as CI runs it: a fresh clone of HEAD, `CI=true bash .ci/run`. Prints the wall
# time and the whole machine's busy and idle CPU seconds over the run (/proc/stat: the suite's
# workers, fork servers and subprocesses are not all children /usr/bin/time would count).
# Usage: bench/test_time.sh [runs]   (Linux; results: bench/TESTS.md)
set -euo pipefail
runs="${1:-1}"
repo="$(cd "$(dirname "$0")/.." && pwd)"
hz="$(getconf CLK_TCK)"
cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $5+$6}' /proc/stat; }
for ((i = 1; i <= runs; i++)); do
  where="$(mktemp -d)"
  git clone -q "$repo" "$where/clone"
  read -r busy0 idle0 < <(cpu)
  start="$(date +%s.%N)"
  status=0
  (cd "$where/clone" && CI=true bash .ci/run > "$where/log" 2>&1) || status=$?
  end="$(date +%s.%N)"
  read -r busy1 idle1 < <(cpu)
  summary="$(grep -E '^=+ .*(passed|failed)' "$where/log" | tail -1 | tr -d '=' | xargs)"
  printf 'run %d: exit %d, %.1f s wall, busy %d CPU-s, idle %d; pytest: %s\n' "$i" "$status" \
    "$(awk -v s="$start" -v e="$end" 'BEGIN { print e - s }')" $(((busy1 - busy0) / hz)) $(((idle1 - idle0) / hz)) "$summary"
  rm -rf "$where"
done
