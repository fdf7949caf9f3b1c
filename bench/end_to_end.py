#!/usr/bin/env python3
"""End to end through the CLI against the hand-written C++ baselines (issue 15's yardstick).

For each stream: `takt run bench.so --events F -o FILE` (process start, load, decode, timers,
encode, write: everything) and the stream's baseline (bench/baseline/) on the same file, taking
turns, REPEATS times each, best time kept. Prints events/s of wall time, the ratio takt/baseline (of events/s:
1.0 is parity, higher is better), the same ratio of CPU time (user + system: steadier than wall
time on a loaded machine) and max RSS, and checks that both wrote the same bytes.

Usage: bench/end_to_end.py [--build DIR] [--events N] [--repeats R] [--work DIR] [--takt BINARY]
Build first: ninja -C DIR takt takt_bench_streams takt_baseline_measure takt_baseline_downtime
                          takt_baseline_porto
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import filecmp

STREAMS = ["measure", "downtime", "porto"]


def run(argv):
    """Wall seconds, CPU seconds (user + system) and max RSS (MiB) of one process, start to exit."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"failed ({status}): {' '.join(argv)}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(commands, repeats):
    """Per command: best wall time, best CPU time, largest max RSS. The commands take turns, so
    a loaded machine slows each about as much as the others."""
    runs = [[] for _ in commands]
    for _ in range(repeats):
        for i, argv in enumerate(commands):
            runs[i].append(run(argv))
    return [(min(r[0] for r in rs), min(r[1] for r in rs), max(r[2] for r in rs)) for rs in runs]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--work", default=None, help="keep the streams and outputs here")
    parser.add_argument("--takt", default=None, help="the takt binary to time (default: BUILD/takt)")
    args = parser.parse_args()
    build = os.path.abspath(args.build)
    takt = args.takt or f"{build}/takt"
    work = args.work or tempfile.mkdtemp(prefix="takt-e2e-")
    os.makedirs(work, exist_ok=True)
    subprocess.run([f"{build}/bench/takt_bench_streams", work, str(args.events)], check=True)
    porto = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "porto")
    porto = os.path.normpath(porto)
    # Each stream's plant (the baselines cite its path in `src`, as takt does) and executor.
    plants = {"measure": f"{work}/bench.takt", "downtime": f"{work}/bench.takt", "porto": porto}
    executors = {"measure": f"{work}/bench.so", "downtime": f"{work}/bench.so", "porto": f"{work}/porto.so"}
    for plant, executor in [(plants["measure"], executors["measure"]), (porto, executors["porto"])]:
        subprocess.run([f"{build}/takt", "build", plant, "-o", executor], check=True, stderr=subprocess.DEVNULL)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}, "
          f"{os.cpu_count()} cpus, best of {args.repeats}, {args.events:,} events per stream")
    print(f"{'stream':<10} {'MB':>4} {'actions':>9} {'takt ev/s':>11} {'baseline ev/s':>14} {'ratio':>6} "
          f"{'CPU ratio':>9} {'takt RSS':>9} {'base RSS':>9}")
    ok = True
    for stream in STREAMS:
        events = f"{work}/{stream}.jsonl"
        takt_out = f"{work}/{stream}.takt.jsonl"
        base_out = f"{work}/{stream}.baseline.jsonl"
        (takt_s, takt_cpu, takt_rss), (base_s, base_cpu, base_rss) = best(
            [[takt, "run", executors[stream], "--events", events, "-o", takt_out],
             [f"{build}/bench/takt_baseline_{stream}", events, base_out, plants[stream]]], args.repeats)
        same = filecmp.cmp(takt_out, base_out, shallow=False)
        ok = ok and same
        with open(takt_out, "rb") as f:
            actions = sum(1 for _ in f)
        megabytes = os.path.getsize(events) / 1e6
        print(f"{stream:<10} {megabytes:4.0f} {actions:9,} {args.events / takt_s:11,.0f} {args.events / base_s:14,.0f} "
              f"{base_s / takt_s:6.2f} {base_cpu / takt_cpu:9.2f} {takt_rss:7.1f}MB {base_rss:7.1f}MB{'' if same else '  OUTPUTS DIFFER'}")
    if not args.work:
        subprocess.run(["rm", "-rf", work])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
