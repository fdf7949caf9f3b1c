#!/usr/bin/env bash
# The hand-written baselines are honest: on the same events each writes exactly the actions
# `takt run` writes, byte for byte. Small streams, no timing (bench/end_to_end times them).
# The downtime stream is long enough (6 s apart, 80,000 events: 5.5 days) for review cases to
# time out; the measurement stream opens, holds and escalates containment cases; the porto mix
# (on examples/porto) covers all of that plus line stops and shift handovers.
# Usage: baseline_test.sh TAKT STREAMS BASELINE_DIR PORTO_DIR
set -euo pipefail
takt=$1
streams=$2
baselines=$3
porto=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$streams" "$work" 80000
failures=0
for stream in measure downtime porto; do
  plant="$work/bench.takt"
  if [ "$stream" = porto ]; then plant=$porto; fi
  # The interpreter: no LLVM needed, and native == interpreter is the differential suite's job.
  "$takt" run "$plant" --interp --quiet --events "$work/$stream.jsonl" -o "$work/$stream.takt.jsonl"
  "$baselines/takt_baseline_$stream" "$work/$stream.jsonl" "$work/$stream.baseline.jsonl" "$plant"
  actions=$(wc -l < "$work/$stream.takt.jsonl")
  if [ "$actions" -lt 1000 ]; then
    echo "FAIL: $stream: only $actions actions, the stream no longer exercises the rules"
    failures=$((failures + 1))
  elif cmp "$work/$stream.takt.jsonl" "$work/$stream.baseline.jsonl"; then
    echo "ok: $stream: $actions actions, byte for byte"
  else
    diff "$work/$stream.takt.jsonl" "$work/$stream.baseline.jsonl" | head -5
    failures=$((failures + 1))
  fi
done
exit $((failures > 0))
