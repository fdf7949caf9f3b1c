#!/usr/bin/env python3
"""Crash test of `takt serve` (docs/serve.md): a seeded stream of porto events is served from a
file while serve is killed with SIGKILL at random points and restarted each time: while it takes
lines in and commits them, while it holds a snapshot transaction open (snapshots are made
frequent, and the test-only hook TAKT_SERVE_SNAPSHOT_DELAY_MS holds each one open a while), and
at random times, which fall during a start (restoring a snapshot, replaying the journal's tail) as
well. Some stops are SIGTERM instead (a clean stop leaves a snapshot of the last line), and once
the newest snapshot is damaged on purpose (the restart must say so and use an older one). At the
end the action log must equal the uninterrupted `takt run` byte for byte (ids aside), every action
id must appear once and in order, and the journal must hold every input line exactly once, in
order.

usage: crash_test.py TAKT PORTO_DIR [--events N] [--kills K] [--seed S] [--snapshot-every L] [--batch-bytes B]"""
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
SNAPSHOT_DELAY_MS = 40


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def query(journal, sql):
    """One value from the journal; 0 before serve created it (a kill may come that early)."""
    try:
        with sqlite3.connect(f"file:{journal}?mode=ro", uri=True) as db:
            return db.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return 0


def journaled(journal):
    return query(journal, "SELECT coalesce(max(seq + lines - 1), 0) FROM batch")


def newest_snapshot(journal):
    return query(journal, "SELECT coalesce(max(seq), 0) FROM snapshot")


def damage_newest_snapshot(journal):
    with sqlite3.connect(journal) as db:
        seq, state = db.execute("SELECT seq, state FROM snapshot ORDER BY seq DESC LIMIT 1").fetchone()
        state = bytearray(state)
        state[len(state) // 2] ^= 0x40
        db.execute("UPDATE snapshot SET state = ? WHERE seq = ?", (bytes(state), seq))
    return seq


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("takt")
    parser.add_argument("porto")
    parser.add_argument("--events", type=int, default=100000)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--snapshot-every", type=int, default=1000)
    parser.add_argument("--batch-bytes", type=int, default=16384)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    every = args.snapshot_every
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
        # Small batches (docs/serve.md, "Commit policy"): the file is caught up with in hundreds of
        # commits, so the kills fall among many of them, not around a few large ones.
        serve = [args.takt, "serve", so, "--quiet", "--events", events, "--snapshot-every", str(every),
                 "--batch-bytes", str(args.batch_bytes), "--journal", journal, "-o", output]
        env = dict(os.environ, TAKT_SERVE_SNAPSHOT_DELAY_MS=str(SNAPSHOT_DELAY_MS))

        # How long one uninterrupted serve takes, on a journal of its own: the kills fall inside it.
        start = time.monotonic()
        subprocess.run(serve[:-3] + [os.path.join(work, "once.db"), "-o", os.path.join(work, "once.jsonl")],
                       check=True, env=env)
        duration = time.monotonic() - start

        kills = terms = 0
        journaled_at_kills = set()
        in_snapshot = 0
        for attempt in range(20 * args.kills):
            if kills == args.kills:
                break
            process = subprocess.Popen(serve, stderr=subprocess.PIPE, env=env)
            done = journaled(journal)
            mode = attempt % 8
            # Lines taken in before the kill: events / kills on average, so the kills spread over
            # the whole stream.
            target = min(done + rng.randint(1, 2 * args.events // args.kills), args.events - 1)
            if mode in (4, 5):
                # While a snapshot is being written: the batch that took the lines to `every` past
                # the newest snapshot is committed and applied, and its snapshot transaction is
                # held open by the hook.
                while process.poll() is None and (journaled(journal) == done or
                                                   journaled(journal) - newest_snapshot(journal) < every):
                    time.sleep(0.001)
                time.sleep(rng.uniform(0.0, SNAPSHOT_DELAY_MS / 1000 / 2))
            elif mode == 7:
                # At a random time: during the start (a snapshot restored, the tail replayed) too.
                try:
                    process.wait(timeout=rng.uniform(0.0, 0.25))
                except subprocess.TimeoutExpired:
                    pass
            else:
                # While lines are taken in and committed (and, for a SIGTERM, once the handlers are
                # in place: after the first new line).
                target = max(target, done + 1) if mode == 6 else target
                while process.poll() is None and journaled(journal) < target:
                    time.sleep(0.001)
            if mode == 6 and terms < 3 and process.poll() is None and journaled(journal) < args.events:
                # A clean stop: exit 0 with a snapshot of the last journaled line.
                process.send_signal(signal.SIGTERM)
                if process.wait(timeout=30) != 0:
                    fail(f"SIGTERM: serve exited with {process.returncode}: {process.stderr.read().decode()}")
                terms += 1
                if newest_snapshot(journal) != journaled(journal):
                    fail(f"after SIGTERM the newest snapshot covers line {newest_snapshot(journal)}, not "
                         f"{journaled(journal)}")
                continue
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
                kills += 1
                lines = journaled(journal)
                journaled_at_kills.add(lines)
                # A snapshot was due (the batch crossed `every` lines past the newest) and none
                # was committed: the kill fell while it was being taken.
                if mode in (4, 5) and lines - newest_snapshot(journal) >= every:
                    in_snapshot += 1
                continue
            if process.returncode != 0:
                fail(f"serve exited with {process.returncode}: {process.stderr.read().decode()}")
        if kills < args.kills:
            fail(f"only {kills} kills landed while serve ran")
        # The kills must fall while lines are being taken in, not only before or after, and some
        # while a snapshot was being taken.
        ingesting = [n for n in journaled_at_kills if 0 < n < args.events]
        if len(ingesting) < args.kills // 2:
            fail(f"only {len(ingesting)} kills fell while serve was taking lines in")
        if in_snapshot < args.kills // 10:
            fail(f"only {in_snapshot} kills fell while a snapshot was being taken")

        # A damaged snapshot is reported, and the restart uses an older one: nothing else changes.
        if newest_snapshot(journal) == 0:
            fail("no snapshot in the journal")
        damaged = damage_newest_snapshot(journal)
        older = query(journal, f"SELECT coalesce(max(seq), 0) FROM snapshot WHERE seq < {damaged}")
        last = subprocess.run([arg for arg in serve if arg != "--quiet"], stderr=subprocess.PIPE, env=env)
        if last.returncode != 0:
            fail(f"serve exited with {last.returncode}: {last.stderr.decode()}")
        if f"the snapshot after line {damaged}".encode() not in last.stderr or b"unusable" not in last.stderr:
            fail(f"a damaged snapshot was not reported: {last.stderr.decode()}")
        # The older snapshot was restored, not the first line replayed: snapshots are really used.
        if older == 0 or f"started from the snapshot after line {older},".encode() not in last.stderr:
            fail(f"the restart did not start from the snapshot after line {older}: {last.stderr.decode()}")

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
              f"while taking lines in, {in_snapshot} during a snapshot), {terms} SIGTERM stops, a damaged snapshot "
              f"skipped; uninterrupted serve {duration:.2f} s")


if __name__ == "__main__":
    main()
