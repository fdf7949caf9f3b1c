"""A seeded stream of porto events for the serve tests: measurements, stops, releases and
operations in time order, with some rejects on purpose (malformed lines, unknown names, time
going backwards) and blank lines, ending in a line without its newline."""
import datetime
import json
import random

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
