#!/usr/bin/env python3
"""`takt replay --journal plant.db NEW` (docs/serve.md, "Replay a journal against a new
standard"): porto's events are served into a journal, then replayed against porto with a
tightened hole_diameter limit, which shows the extra holds (the text output is a golden:
tests/serve/golden/replay_journal_tightened.txt), and against porto with only its layout
changed, which shows none (`--exit-code` exits 0). Each format, and a `--from/--to` window, equals
what `takt replay --events` prints for the same history with porto as OLD, since what serve
delivered is porto's actions.
A journal served to stdout and an action log that is not the journal's are refused (T0034).

usage: replay_journal_test.py TAKT PORTO_DIR [--update]"""
import os
import shutil
import subprocess
import sys
import tempfile

GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden", "replay_journal_tightened.txt")


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def variant(porto, directory, edit):
    shutil.copytree(porto, directory)
    path = os.path.join(directory, "quality.takt")
    with open(path) as f:
        text = f.read()
    with open(path, "w") as f:
        f.write(edit(text))


def run(command, cwd, expect):
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if result.returncode != expect:
        fail(f"{' '.join(command[1:])} exited {result.returncode}, not {expect}: {result.stderr}")
    return result


def main():
    takt, porto = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    update = "--update" in sys.argv[3:]
    with tempfile.TemporaryDirectory(prefix="takt-replay-journal-") as work:
        events = os.path.join(porto, "events.jsonl")
        tightened = "8.00 ± 0.015"
        variant(porto, os.path.join(work, "porto"), lambda text: text)
        # Built from the copy, so that the delivered actions' `src` names the same files as
        # `replay --events` with the copy as OLD.
        run([takt, "build", "porto", "-o", "porto.so"], work, 0)
        run([takt, "serve", "porto.so", "--quiet", "--journal", "porto.db", "--events", events, "-o", "actions.jsonl"],
            work, 0)
        variant(porto, os.path.join(work, "tightened"), lambda text: text.replace("8.00 ± 0.05", tightened))
        # Layout only: a comment and blank lines move every rule down; the `src` of each action changes.
        variant(porto, os.path.join(work, "formatted"), lambda text: "// Quality controls.\n\n\n" + text)

        window = ["--from", "2026-11-28T09:00:00Z", "--to", "2026-11-28T12:00:00Z"]
        for fmt, bounds in [("text", []), ("json", []), ("markdown", []), ("text", window)]:
            journal = run([takt, "replay", "--interp", "--journal", "porto.db", "tightened", "--format", fmt] + bounds,
                          work, 0)
            direct = run([takt, "replay", "--interp", "--events", events, "porto", "tightened", "--format", fmt] +
                         bounds, work, 0)
            if journal.stdout != direct.stdout:
                fail(f"--journal and --events differ in {fmt} {bounds}:\n{journal.stdout}\n---\n{direct.stdout}")
            if fmt == "text" and not bounds:
                if "hold" not in journal.stdout or "added" not in journal.stdout:
                    fail(f"the tightened limit shows no extra hold:\n{journal.stdout}")
                if update:
                    with open(GOLDEN, "w") as f:
                        f.write(journal.stdout)
                with open(GOLDEN) as f:
                    if f.read() != journal.stdout:
                        fail(f"differs from {GOLDEN} (rerun with --update and review):\n{journal.stdout}")
        run([takt, "replay", "--interp", "--journal", "porto.db", "tightened", "--exit-code"], work, 1)
        same = run([takt, "replay", "--interp", "--journal", "porto.db", "formatted", "--exit-code"], work, 0)
        if "takes the same" not in same.stdout:
            fail(f"a formatting-only change shows a difference:\n{same.stdout}")
        run([takt, "replay", "--journal", "porto.db", "porto.so", "--exit-code"], work, 0)

        # The log checked against the journal: a moved log is named with --delivered; one cut short
        # or another file is refused.
        os.rename(os.path.join(work, "actions.jsonl"), os.path.join(work, "moved.jsonl"))
        run([takt, "replay", "--journal", "porto.db", "porto.so", "--delivered", "moved.jsonl"], work, 0)
        missing = run([takt, "replay", "--journal", "porto.db", "porto.so"], work, 2)
        with open(os.path.join(work, "moved.jsonl")) as f:
            lines = f.read().splitlines(keepends=True)
        with open(os.path.join(work, "short.jsonl"), "w") as f:
            f.write("".join(lines[:-1]))
        short = run([takt, "replay", "--journal", "porto.db", "porto.so", "--delivered", "short.jsonl"], work, 2)
        run([takt, "serve", "porto.so", "--quiet", "--journal", "stdout.db", "--events", events], work, 0)
        stdout = run([takt, "replay", "--journal", "stdout.db", "porto.so"], work, 2)
        for result in [missing, short, stdout]:
            if "T0034" not in result.stderr:
                fail(f"not refused with T0034: {result.stderr}")
        if "standard output" not in stdout.stderr:
            fail(f"the refusal of a journal served to stdout does not say why: {stdout.stderr}")
        print("ok: a tightened limit shows the extra holds, a formatting-only change none")


if __name__ == "__main__":
    main()
