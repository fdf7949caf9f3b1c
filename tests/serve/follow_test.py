#!/usr/bin/env python3
"""`takt serve --events FILE --follow` (docs/serve.md, "Follow"): serve waits for a file that does
not exist yet, reads what is appended to it, finishes a file rotated away (renamed, a new one
created) before it reads the new one, reads a truncated file (copytruncate) from its start,
delivers an appended event's actions before the next one is appended, stops with exit 0 on
SIGTERM, and a restart, on the same file or on a file rotated while serve was stopped, journals
no line twice. The journal must hold every line written, once and in order, and the action log
must equal `takt run` over those lines (ids aside). With `--clock wall` a tier fires while serve
waits for the file to grow. Every wait is bounded; nothing asserts how long anything took.

usage: follow_test.py TAKT PORTO_DIR"""
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from crash_test import journaled  # noqa: E402
from porto_stream import porto_stream  # noqa: E402

ID = re.compile(r'^\{"action_id":"(\d+)\.(\d+)",', re.M)
POLLS = 400  # Of 50 ms: no wait is longer than 20 s.


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def wait_until(predicate, what):
    for _ in range(POLLS):
        if predicate():
            return
        time.sleep(0.05)
    fail(f"timed out waiting for {what}")


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def append(path, lines):
    with open(path, "a") as f:
        f.write("".join(line + "\n" for line in lines))


class Serve:
    """One `takt serve --follow`, its stderr in a file so its notes can be waited for."""

    def __init__(self, command, stderr_path):
        self.stderr_path = stderr_path
        self.stderr = open(stderr_path, "w")
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=self.stderr)

    def notes(self):
        return read(self.stderr_path)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            fail("serve did not stop on SIGTERM")
        self.stderr.close()
        if code != 0:
            fail(f"serve exited {code} on SIGTERM: {self.notes()}")


def check_logs(takt, so, journal, output, written, work):
    """The journal holds `written`, once and in order; the action log is `takt run` over it."""
    events = subprocess.run([takt, "journal", journal, "--events"], check=True, capture_output=True,
                            text=True).stdout
    if events != "".join(line + "\n" for line in written):
        fail(f"the journal holds {events.count(chr(10))} lines, not the {len(written)} written, once each in order")
    history = os.path.join(work, "history.jsonl")
    with open(history, "w") as f:
        f.write(events)
    expected = subprocess.run([takt, "run", so, "--quiet", "--events", history], check=True,
                              capture_output=True, text=True).stdout
    delivered = read(output)
    ids = [tuple(map(int, ID.match(line).groups())) for line in delivered.splitlines()]
    if ids != sorted(set(ids)):
        fail("action ids are not unique and in order")
    if ID.sub("{", delivered) != expected:
        fail("the action log differs from `takt run` over the journaled lines")
    return len(ids)


def stamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def follow_files(takt, so, work):
    directory = os.path.join(work, "in")
    os.mkdir(directory)
    path = os.path.join(directory, "events.jsonl")
    journal = os.path.join(work, "porto.db")
    output = os.path.join(work, "actions.jsonl")
    command = [takt, "serve", so, "--journal", journal, "--events", path, "--follow", "-o", output]
    stream = [line for line in porto_stream(7, 400).split("\n") if line]
    chunks = [stream[0:100], stream[100:200], stream[200:250], stream[250:300], stream[300:350], stream[350:400]]
    written = []

    def deliver(lines, what):
        written.extend(lines)
        wait_until(lambda: journaled(journal) == len(written), what)

    serve = Serve(command, os.path.join(work, "serve1.err"))
    wait_until(lambda: "waiting for it to appear" in serve.notes(), "serve to wait for the missing file")
    append(path, chunks[0])
    deliver(chunks[0], "the file that appeared late")
    append(path, chunks[1])
    deliver(chunks[1], "lines appended")
    # Rotation: the path renamed away; the old writer appends once more before a new file is
    # created. Serve reads the old file to its end, then the new one.
    os.rename(path, path + ".1")
    append(path + ".1", chunks[2])
    append(path, chunks[3])
    deliver(chunks[2] + chunks[3], "the rest of the rotated file, then the new one")
    if "was rotated" not in serve.notes():
        fail(f"no note of the rotation: {serve.notes()}")
    # copytruncate: a copy is kept, the file emptied in place and written again from its start.
    with open(path + ".2", "w") as copy:
        copy.write(read(path))
    os.truncate(path, 0)
    wait_until(lambda: "was truncated" in serve.notes(), "serve to see the truncation")
    append(path, chunks[4])
    deliver(chunks[4], "the truncated file written again")
    # Live: each malformed line makes a reject at once; it is delivered before the next is written.
    for n in range(3):
        append(path, [f"not json {n}"])
        written.append(f"not json {n}")
        seq = len(written)
        wait_until(lambda: f'{{"action_id":"{seq}.0",' in read(output), f"the action of line {seq}")
    serve.stop()

    # A restart on the same file resumes after the last journaled byte, from the snapshot the
    # clean stop took (the input position is the journal's, not the snapshot's).
    stopped_at = len(written)
    serve = Serve(command, os.path.join(work, "serve2.err"))
    append(path, chunks[5][:25])
    deliver(chunks[5][:25], "lines appended after a restart")
    serve.stop()
    if f"started from the snapshot after line {stopped_at}," not in serve.notes():
        fail(f"the restart did not start from the stop's snapshot: {serve.notes()}")
    # Rotated while serve was stopped: the new file is read from its start, the old one not again.
    os.rename(path, path + ".3")
    append(path, chunks[5][25:])
    serve = Serve(command, os.path.join(work, "serve3.err"))
    deliver(chunks[5][25:], "a file rotated while serve was stopped")
    serve.stop()
    if "while serve was stopped" not in serve.notes():
        fail(f"no note of the rotation while stopped: {serve.notes()}")
    return check_logs(takt, so, journal, output, written, work)


def wall_clock_while_following(takt, so, work):
    path = os.path.join(work, "wall.jsonl")
    journal = os.path.join(work, "wall.db")
    output = os.path.join(work, "wall-actions.jsonl")
    # An uncoded stop whose first tier (2 min) falls due 1.5 s from now; the file then stays as it is.
    append(path, [json.dumps({"t": stamp(time.time() - 118.5), "type": "down", "workcenter": "weld_02"})])
    serve = Serve([takt, "serve", so, "--quiet", "--journal", journal, "--events", path, "--follow",
                   "--clock", "wall", "-o", output], os.path.join(work, "wall.err"))
    wait_until(lambda: '"tier":1' in read(output), "the tier to fire while serve waits on the file")
    serve.stop()
    stats = json.loads(subprocess.run([takt, "journal", journal, "--stats"], check=True, capture_output=True).stdout)
    if stats["input_lines"] != 1 or stats["clock_lines"] < 1:
        fail(f"journal counts: {stats}")


def main():
    takt, porto = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="takt-serve-follow-") as work:
        so = os.path.join(work, "porto.so")
        subprocess.run([takt, "build", porto, "-o", so], check=True)
        actions = follow_files(takt, so, work)
        wall_clock_while_following(takt, so, work)
        print(f"ok: followed a late file, appends, a rotation, a truncation and two restarts; {actions} actions")


if __name__ == "__main__":
    main()
