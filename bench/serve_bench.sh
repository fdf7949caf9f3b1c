#!/usr/bin/env bash
# `takt serve` with its journal (docs/serve.md): for each stream length, a stream of porto events
# (40 released lots, then measurements of both controls, in spec, with a stop and its restart
# every 1,000 lines) served from a file into a fresh journal; then restarts on the finished
# journal. The stream names a bounded set of entities: the runtime keeps every entity it ever
# created (orders, lots, cases: a few hundred bytes each), so memory grows with those, not with
# the number of lines. Prints:
#   - serve throughput (lines/s, wall and CPU) with every batch committed (synchronous = FULL;
#     the default `--batch-bytes`, 1 MiB of lines per commit while the file is caught up with);
#   - journal bytes per line (database + WAL after the clean stop);
#   - max RSS of serve: flat with stream length;
#   - restart time after the clean stop (snapshot of the last line, nothing replayed), and after a
#     crash at the worst point of the default policy (the newest snapshot gone: the one before it
#     is restored and up to --snapshot-every lines are replayed and checked against the output).
# Timing lives here, never in a test. Usage: bench/serve_bench.sh TAKT [LINES...]
# (default 1000000 10000000). Needs about 1.2 GB of disk at 10,000,000 lines.
set -euo pipefail
takt=$(realpath "$1")
shift
sizes=("${@:-1000000 10000000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
here=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$takt" build "$here/examples/porto" -o "$work/porto.so"

# `/usr/bin/time -f '%e %U %S %M'`: wall s, user s, system s, max RSS KiB.
timed() {
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" 2> "$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  cat "$work/time"
}

for lines in "${sizes[@]}"; do
  dir="$work/$lines"
  mkdir "$dir"
  awk -v n="$lines" 'BEGIN {
    t = 1764316800000
    for (i = 1; i <= 40; i++) {
      printf "{\"t\":%.0f,\"type\":\"release\",\"order\":\"po_%d\",\"routing\":\"bracket_a_std\",\"lot\":\"l_%d\",\"qty\":500}\n", t, i, i
    }
    for (i = 40; i < n; i++) {
      t += 1000
      if (i % 1000 == 998) { printf "{\"t\":%.0f,\"type\":\"down\",\"workcenter\":\"press_01\",\"reason\":\"planned.changeover\"}\n", t; continue }
      if (i % 1000 == 999) { printf "{\"t\":%.0f,\"type\":\"up\",\"workcenter\":\"press_01\"}\n", t; continue }
      lot = i % 40 + 1
      if (i % 2 == 0) {
        v = 8.0 + ((i * 7919) % 21 - 10) / 1000.0
        printf "{\"t\":%.0f,\"type\":\"measure\",\"control\":\"hole_diameter\",\"workcenter\":\"press_01\",\"value\":%.3f,\"lot\":\"l_%d\"}\n", t, v, lot
      } else {
        v = 205 + ((i * 104729) % 31 - 15) / 2.0
        printf "{\"t\":%.0f,\"type\":\"measure\",\"control\":\"weld_current\",\"workcenter\":\"weld_02\",\"value\":%.1f,\"lot\":\"l_%d\"}\n", t, v, lot
      }
    }
  }' > "$dir/events.jsonl"
  serve=("$takt" serve "$work/porto.so" --quiet --journal "$dir/porto.db" --events "$dir/events.jsonl" -o "$dir/actions.jsonl")
  read -r wall user sys rss < <(timed "${serve[@]}")
  journal_bytes=$(( $(stat -c %s "$dir/porto.db") + $(stat -c %s "$dir/porto.db-wal" 2> /dev/null || echo 0) ))
  input_bytes=$(stat -c %s "$dir/events.jsonl")
  snapshot_bytes=$(sqlite3 "$dir/porto.db" "SELECT length(state) FROM snapshot ORDER BY seq DESC LIMIT 1")
  awk -v n="$lines" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v j="$journal_bytes" -v b="$input_bytes" -v z="$snapshot_bytes" 'BEGIN {
    printf "serve %d lines: %.2f s wall (%.0f lines/s), %.2f s CPU (%.0f lines/s of CPU), max RSS %.1f MiB\n", n, w, n / w, u + s, n / (u + s), r / 1024
    printf "  journal %.1f bytes/line (input %.1f bytes/line), snapshot %d bytes\n", j / n, b / n, z }'
  read -r wall user sys rss < <(timed "${serve[@]}")
  printf '  restart after a clean stop: %s s wall, %s s CPU, max RSS %.1f MiB\n' "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" "$(awk -v r="$rss" 'BEGIN { print r / 1024 }')"
  newest=$(sqlite3 "$dir/porto.db" "SELECT max(seq) FROM snapshot")
  sqlite3 "$dir/porto.db" "DELETE FROM snapshot WHERE seq = $newest"
  restored=$(sqlite3 "$dir/porto.db" "SELECT coalesce(max(seq), 0) FROM snapshot")
  read -r wall user sys rss < <(timed "${serve[@]}")
  printf '  restart replaying %d lines after the snapshot of line %d: %s s wall, %s s CPU\n' "$(( newest - restored ))" "$restored" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')"
  rm -rf "$dir"
done
