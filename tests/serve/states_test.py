#!/usr/bin/env python3
"""Bad and changed states of `takt serve` (docs/serve.md): a journal of another plant, a file
that is not a journal and a second serve on a busy journal are refused with T0034 and exit 2, an
output on a full disk stops serving with T0037; a
new executor of the same plant starts a new segment and goes on; SIGTERM exits 0; a restart
starts from the snapshot of a clean stop, but not for an output moved aside.

usage: states_test.py TAKT PORTO_DIR"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

OTHER_PLANT = 'plant other "Another plant"\n'
EVENTS = [
    '{"t":"2026-11-28T06:00:00Z","type":"down","workcenter":"weld_02"}',
    "not json",
    '{"t":"2026-11-28T06:10:00Z","type":"up","workcenter":"weld_02"}',
    '{"t":"2026-11-28T06:20:00Z","type":"down","workcenter":"weld_02"}',
    '{"t":"2026-11-28T06:30:00Z","type":"tick"}',
]


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def expect_refusal(command, text, what, code="T0034"):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 2 or code not in result.stderr or text not in result.stderr:
        fail(f"{what}: exit {result.returncode}, {result.stderr!r}")


def main():
    takt, porto = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="takt-serve-states-") as work:
        so = os.path.join(work, "porto.so")
        journal = os.path.join(work, "porto.db")
        output = os.path.join(work, "actions.jsonl")
        subprocess.run([takt, "build", porto, "-o", so], check=True)
        first = os.path.join(work, "first.jsonl")
        second = os.path.join(work, "second.jsonl")
        with open(first, "w") as file:
            file.write("\n".join(EVENTS[:3]) + "\n")
        with open(second, "w") as file:
            file.write("\n".join(EVENTS[3:]) + "\n")
        serve = [takt, "serve", "--quiet", "--journal", journal, "-o", output]
        subprocess.run([takt, "serve", so] + serve[2:] + ["--events", first], check=True)

        # A clean stop leaves a snapshot: the next start replays nothing. An output moved aside
        # cannot resume from it (it was made for the old file's bytes): the new file gets every
        # action again from the first line, and then has a snapshot of its own.
        def started_from(output_path):
            run = subprocess.run([takt, "serve", so, "--journal", journal, "-o", output_path, "--events", first],
                                 check=True, capture_output=True, text=True)
            return run.stderr.split("started from ")[1].split(",")[0]
        if started_from(output) != "the snapshot after line 3":
            fail("a restart after a clean stop did not start from its snapshot")
        aside = os.path.join(work, "aside.jsonl")
        os.rename(output, aside)
        if started_from(output) != "the first line":
            fail("an output moved aside was resumed from a snapshot of the old one")
        if started_from(output) != "the snapshot after line 3":
            fail("the new output got no snapshot of its own")
        with open(output) as new, open(aside) as old:
            if new.read() != old.read():
                fail("the output moved aside and the new one differ")

        # A second serve while one holds the journal (waiting on a pipe) is refused, naming it.
        holder = subprocess.Popen([takt, "serve", so] + serve[2:], stdin=subprocess.PIPE)
        time.sleep(1)
        expect_refusal([takt, "serve", so] + serve[2:] + ["--events", second], f"pid {holder.pid}", "second serve")
        holder.send_signal(signal.SIGTERM)
        if holder.wait(timeout=10) != 0:
            fail("serve did not exit 0 on SIGTERM")

        # Another plant on this journal is refused.
        other = os.path.join(work, "other")
        os.mkdir(other)
        with open(os.path.join(other, "plant.takt"), "w") as file:
            file.write(OTHER_PLANT)
        expect_refusal([takt, "serve", other, "--interp"] + serve[2:] + ["--events", second],
                       "journal of plant `porto`", "another plant")
        # So is reading it with another plant.
        expect_refusal([takt, "journal", journal, "--actions", other, "--interp"],
                       "journal of plant `porto`", "journal --actions with another plant")
        expect_refusal([takt, "report", other, "--interp", "--journal", journal, "-o", os.path.join(work, "r.html")],
                       "journal of plant `porto`", "report --journal with another plant")

        # A file that is not a journal is refused.
        not_journal = os.path.join(work, "notes.db")
        with open(not_journal, "w") as file:
            file.write("shopping list: screws, bolts, more screws, and a new drill bit\n" * 4)
        expect_refusal([takt, "serve", so, "--quiet", "--journal", not_journal, "--events", second],
                       "not a Takt journal", "not a journal")

        # An output that cannot be written stops serving (T0037), naming the journal that holds
        # what was acknowledged.
        if os.path.exists("/dev/full"):
            expect_refusal([takt, "serve", so, "--quiet", "--journal", os.path.join(work, "full.db"), "-o", "/dev/full",
                            "--events", first],
                           f"serving stopped: output: No space left on device; everything acknowledged before is in "
                           f"the journal `{os.path.join(work, 'full.db')}`", "an output on a full disk", "T0037")

        # The same plant on another executor (the reference interpreter): a new segment.
        subprocess.run([takt, "serve", porto, "--interp"] + serve[2:] + ["--events", second], check=True)
        stats = json.loads(subprocess.run([takt, "journal", journal, "--stats"], check=True,
                                          capture_output=True).stdout)
        segments = [segment["first_seq"] for segment in stats["segments"]]
        if segments != [1, 4]:
            fail(f"segments {segments}, not [1, 4]")
        # The native executor's snapshot of its clean stop; the interpreter takes none (docs/serve.md).
        snapshots = [(snapshot["seq"], snapshot["executor_sha256"]) for snapshot in stats["snapshots"]]
        if snapshots != [(3, stats["segments"][0]["executor_sha256"])]:
            fail(f"snapshots {snapshots}, not the native one after line 3")
        # Both standards behave alike here, so the whole log equals one run, ids aside.
        everything = os.path.join(work, "all.jsonl")
        with open(everything, "w") as file:
            file.write("\n".join(EVENTS) + "\n")
        expected = subprocess.run([takt, "run", so, "--quiet", "--events", everything], check=True,
                                  capture_output=True).stdout.decode().splitlines()
        with open(output) as file:
            got = [json.loads(line) for line in file]
        for action in got:
            del action["action_id"]
        if [json.loads(line) for line in expected] != got:
            fail("the action log across the upgrade differs from one run")
        print(f"ok: refusals, {len(got)} actions across 2 segments")


if __name__ == "__main__":
    main()
