#!/usr/bin/env python3
"""Live test of `takt serve` (docs/serve.md): events written slowly into a pipe produce their
actions before the next event is written; with `--clock wall` a due tier fires with no further
input; SIGTERM ends serve with exit 0 and the wall clock's tick is in the journal.

usage: live_test.py TAKT PORTO_DIR"""
import datetime
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from porto_stream import porto_far_from_shift_ends  # noqa: E402


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def stamp(seconds):
    return datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def read_action(process, timeout):
    """One action line from serve's stdout, or None when none comes within `timeout` seconds."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        return None
    line = process.stdout.readline()
    return json.loads(line) if line else None


def send(process, line):
    process.stdin.write((line + "\n").encode())
    process.stdin.flush()


def main():
    takt, porto = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="takt-serve-live-") as work:
        so = os.path.join(work, "porto.so")
        journal = os.path.join(work, "porto.db")
        subprocess.run([takt, "build", porto_far_from_shift_ends(porto, work), "-o", so], check=True)
        process = subprocess.Popen([takt, "serve", so, "--quiet", "--journal", journal, "--clock", "wall"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   bufsize=0)  # Unbuffered: select() sees every line still unread.
        now = time.time()
        # Each of these makes an action at once: a malformed line, an operation out of order, a
        # measurement out of specification.
        events = [
            "not json",
            json.dumps({"t": stamp(now - 290), "type": "start", "order": "po_1", "op": 30, "by": "ines"}),
            json.dumps({"t": stamp(now - 280), "type": "measure", "control": "hole_diameter", "value": 9.5,
                        "lot": "l_1", "workcenter": "press_01"}),
        ]
        for seq, event in enumerate(events, start=1):
            send(process, event)
            action = read_action(process, 10)
            if action is None:
                fail(f"no action for line {seq} before the next line was written")
            if not action["action_id"].startswith(f"{seq}."):
                fail(f"action {action} is not line {seq}'s")
            while read_action(process, 0.2) is not None:
                pass
        # An uncoded stop whose first tier (2 min) falls due 1.5 s from now; nothing else comes.
        send(process, json.dumps({"t": stamp(time.time() - 118.5), "type": "down", "workcenter": "weld_02"}))
        start = time.monotonic()
        action = read_action(process, 10)
        waited = time.monotonic() - start
        if action is None or action.get("action") != "notify" or action.get("tier") != 1:
            fail(f"the wall clock fired no tier: {action}")
        if not 0.5 < waited < 8:
            fail(f"the tier fired after {waited:.2f} s, not when it fell due")
        if action["action_id"] != "5.0":
            fail(f"the tick is not journaled as line 5: {action['id']}")
        process.send_signal(signal.SIGTERM)
        try:
            code = process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            fail("serve did not stop on SIGTERM")
        if code != 0:
            fail(f"serve exited {code} on SIGTERM: {process.stderr.read().decode()}")
        stats = json.loads(subprocess.run([takt, "journal", journal, "--stats"], check=True,
                                          capture_output=True).stdout)
        if stats["input_lines"] != 4 or stats["clock_lines"] != 1:
            fail(f"journal counts: {stats}")
        print(f"ok: actions arrive at once; the tier fired {waited:.2f} s after the last event")


if __name__ == "__main__":
    main()
