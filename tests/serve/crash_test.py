#!/usr/bin/env python3
"""Crash test of `takt serve` (docs/serve.md): a seeded stream of porto events is served from a
file while serve is killed with SIGKILL at random points (while reading, committing, writing,
replaying on restart) and restarted each time. At the end the action log must equal the
uninterrupted `takt run` byte for byte (ids aside), every action id must appear once and in
order, and the journal must hold every input line exactly once, in order.

usage: crash_test.py TAKT PORTO_DIR [--events N] [--kills K] [--seed S]"""
import argparse
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from porto_stream import porto_stream  # noqa: E402

ID = re.compile(rb'^\{"action_id":"(\d+)\.(\d+)",')


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def journaled(journal):
    """Lines in the journal; 0 before serve created it (a kill may come that early)."""
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True) as db:
            return db.execute("SELECT coalesce(max(seq), 0) FROM line").fetchone()[0]
    except sqlite3.Error:
        return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("takt")
    parser.add_argument("porto")
    parser.add_argument("--events", type=int, default=20000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="takt-serve-crash-") as work:
        so = os.path.join(work, "porto.so")
        events = os.path.join(work, "events.jsonl")
        expected = os.path.join(work, "expected.jsonl")
        journal = os.path.join(work, "porto.db")
        output = os.path.join(work, "actions.jsonl")
        with open(events, "w") as out:
            out.write(porto_stream(args.seed, args.events))
        subprocess.run([args.takt, "build", args.porto, "-o", so], check=True)
        subprocess.run([args.takt, "run", so, "--quiet", "--events", events, "-o", expected], check=True)
        serve = [args.takt, "serve", so, "--quiet", "--journal", journal, "--events", events, "-o", output]

        # How long one uninterrupted serve takes, on a journal of its own: the kills fall inside it.
        start = time.monotonic()
        subprocess.run(serve[:5] + [os.path.join(work, "once.db")] + serve[6:-1] + [os.path.join(work, "once.jsonl")],
                       check=True)
        duration = time.monotonic() - start

        kills = 0
        journaled_at_kills = set()
        for attempt in range(20 * args.kills):
            if kills == args.kills:
                break
            process = subprocess.Popen(serve, stderr=subprocess.PIPE)
            # Three kills in four wait until the journal holds a random number of lines more (so
            # they fall while lines are taken in, spread over the stream); the others come at a
            # random time, which may be during the start or the replay of a restart.
            done = journaled(journal)
            if attempt % 4 != 3 and done + 1 < args.events:
                target = min(done + rng.randint(1, 2 * args.events // args.kills), args.events - 1)
                while process.poll() is None and journaled(journal) < target:
                    time.sleep(0.002)
            else:
                try:
                    process.wait(timeout=rng.uniform(0.0, duration / 4))
                except subprocess.TimeoutExpired:
                    pass
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
                journaled_at_kills.add(journaled(journal))
                continue
            if process.returncode != 0:
                fail(f"serve exited with {process.returncode}: {process.stderr.read().decode()}")
        if kills < args.kills:
            fail(f"only {kills} kills landed while serve ran")
        subprocess.run(serve, check=True)
        # The kills must fall while lines are being taken in, not only before or after.
        ingesting = [n for n in journaled_at_kills if 0 < n < args.events]
        if len(ingesting) < args.kills // 2:
            fail(f"only {len(ingesting)} kills fell while serve was taking lines in")

        with open(output, "rb") as file:
            actions = file.read().splitlines(keepends=True)
        ids = []
        for line in actions:
            match = ID.match(line)
            if not match:
                fail(f"an action without an id: {line[:100]!r}")
            ids.append((int(match[1]), int(match[2])))
        if ids != sorted(set(ids)):
            fail("action ids repeat or go backwards")
        stripped = b"".join(ID.sub(b"{", line) for line in actions)
        with open(expected, "rb") as file:
            if stripped != file.read():
                fail("the action log differs from the uninterrupted `takt run`")
        exported = subprocess.run([args.takt, "journal", journal, "--events"], check=True, capture_output=True).stdout
        with open(events, "rb") as file:
            if exported != file.read() + b"\n":
                fail("the journal does not hold every input line exactly once, in order")
        # Actions are re-derived from the journal, never stored: the same bytes, ids included.
        derived = subprocess.run([args.takt, "journal", journal, "--actions", so], check=True,
                                 capture_output=True).stdout
        if derived != b"".join(actions):
            fail("`takt journal --actions` differs from what serve delivered")
        print(f"ok: {args.events} lines, {len(actions)} actions, {kills} kills ({len(ingesting)} at distinct points "
              f"while taking lines in), uninterrupted serve {duration:.2f} s")


if __name__ == "__main__":
    main()
