"""A seeded stream of porto events for the serve tests: measurements, stops, releases and
operations in time order, with some rejects on purpose (malformed lines, unknown names, time
going backwards) and blank lines, ending in a line without its newline."""
import datetime
import json
import os
import random
import re
import shutil

CONTROLS = {"hole_diameter": (8.0, 0.012), "weld_current": (205.0, 9.0)}
WORKCENTERS = ["press_01", "weld_02", "inspect_03"]
REASONS = ["unplanned.breakdown.press_jam", "unplanned.minor_stop.jam", "planned.changeover", None]
PEOPLE = {10: "rui", 20: "marta", 30: "ines"}


def stamp(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def porto_stream(seed, count):
    rng = random.Random(seed)
    t = int(datetime.datetime(2026, 11, 28, 6, tzinfo=datetime.timezone.utc).timestamp())
    orders = []
    lines = []
    for n in range(count):
        t += rng.randint(0, 240)
        roll = rng.random()
        if roll < 0.45:
            control = rng.choice(list(CONTROLS))
            mean, sigma = CONTROLS[control]
            event = {"t": stamp(t), "type": "measure", "control": control,
                     "value": round(rng.gauss(mean, sigma), 3), "lot": f"l_{rng.randint(1, 40)}",
                     "workcenter": "press_01" if control == "hole_diameter" else "weld_02"}
        elif roll < 0.60:
            event = {"t": stamp(t), "type": "down", "workcenter": rng.choice(WORKCENTERS)}
            reason = rng.choice(REASONS)
            if reason is not None:
                event["reason"] = reason
        elif roll < 0.72:
            event = {"t": stamp(t), "type": "up", "workcenter": rng.choice(WORKCENTERS)}
        elif roll < 0.77:
            order = f"po_{n}"
            orders.append(order)
            event = {"t": stamp(t), "type": "release", "order": order, "routing": "bracket_a_std",
                     "lot": f"l_{n}", "qty": rng.randint(1, 900)}
        elif roll < 0.92 and orders:
            op = rng.choice([10, 20, 30])
            event = {"t": stamp(t), "type": rng.choice(["start", "complete", "confirm", "fail"]),
                     "order": rng.choice(orders[-20:]), "op": op, "by": PEOPLE[op]}
        elif roll < 0.95:
            event = {"t": stamp(t), "type": "tick"}
        elif roll < 0.97:
            lines.append(rng.choice(['{"t":', "not json", '{"type":"up","workcenter":"press_01"}',
                                     '{"t":"2026-11-28T06:00:00Z","type":"up","workcenter":"nowhere"}', "  "]))
            continue
        else:
            event = {"t": stamp(t - 86400), "type": "tick"}
        lines.append(json.dumps(event, separators=(",", ":")))
    return "\n".join(lines)


def porto_far_from_shift_ends(porto, work):
    """A copy of porto whose shift ends are hours away from now (UTC), for tests on the wall
    clock: a shift end (or its acknowledgement deadline) falling due while such a test runs
    would add a handover report and a clock line to what the test expects."""
    copy = os.path.join(work, "porto-wall-clock")
    shutil.copytree(porto, copy)
    hour = (datetime.datetime.now(datetime.timezone.utc).hour + 4) % 24
    ends = [f"{(hour + 8 * k) % 24:02d}:00" for k in range(3)]
    plant = os.path.join(copy, "plant.takt")
    with open(plant, encoding="utf-8") as f:
        text = f.read()
    shifts = re.compile(r"shift (\w+) \d\d:\d\d to \d\d:\d\d")
    if len(shifts.findall(text)) != 3:
        raise SystemExit(f"FAIL: porto's plant.takt no longer declares three shifts: {plant}")
    shift_number = iter(range(3))

    def moved(match):
        k = next(shift_number)  # Shift k runs from the end of shift k - 1 to its own end.
        return f"shift {match.group(1)} {ends[k - 1]} to {ends[k]}"

    text = shifts.sub(moved, text)
    with open(plant, "w", encoding="utf-8") as f:
        f.write(text)
    return copy
