#!/usr/bin/env python3
"""`takt serve --nats` against a nats-server of its own (docs/deploy.md). One scenario per run:

  jetstream  porto's events published to JetStream give exactly its expected actions on the
             action stream (subject per kind, `Nats-Msg-Id` = action id); a second serve of the
             plant is refused while the first holds the lease; a malformed message published
             after a clean stop gives a reject when serve starts again (the lease was released).
  crash      serve killed (SIGKILL) three times while it consumes a long porto stream, and
             restarted: the action stream holds each action exactly once, the bytes of `takt run`.
  failover   three nats-servers as one JetStream cluster (streams and bucket with 3 replicas)
             and two serves with `--standby` on two journals; 50,000 porto events published
             while the active serve is killed (SIGKILL) three times, each time restarted as the
             standby once the other took over, and one nats-server node is restarted: the action
             stream holds each action exactly once, in order, the bytes of `takt run` on the
             events the stream holds.
  snapshot   a serve that stores its snapshots in JetStream (every 8,000 lines, in chunks of
             16 KiB) is killed (SIGKILL) halfway through a porto stream; a standby on an empty
             journal goes on from the stored snapshot and reads only the messages after it: the
             action stream holds each action once, the bytes of `takt run`, and the standby's
             journal starts at the snapshot (`takt journal` re-derives its actions, `--events`
             and `takt report` refuse). The killed serve's journal, behind the snapshot the
             standby stored at its stop, goes on from that one too (a gap in its journal) for
             the next events. A foreign snapshot (another executor) and a damaged one (a chunk
             overwritten) are not restored: serve warns and replays the whole stream.
  restart    the nats-server crashes (SIGKILL) twice while serve consumes a stream, and comes back
             on its store and port: serve reconnects and goes on, without exiting, and the action
             stream holds each action exactly once, the bytes of `takt run`.
  lost_acks  the server's acknowledgements of the actions dropped by a proxy: serve, stopped
             while it waits for them, publishes them again and stops within seconds (it waited
             30 s before), each action once.
  standby_unanswered
             a standby whose asks for the lease get no answer (a proxy drops them) asks again,
             says so once, and serves once the answers come.
  give_up    the server ignores every publication of an action (a proxy drops them): serve
             resends for at most 12 s, then stops with exit status 2 without acknowledging the
             events; a restart publishes them, each action once.
  lost_lease_ack
             the server's answer to one lease renewal dropped by a proxy (the renewal written, as
             by a server that crashed before answering): serve finds the lease still its own and
             goes on, each action once (it stopped with "wrong last sequence" before).
  fence      a leader stalled (SIGSTOP) with a batch's publications stuck in a proxy loses its
             lease to the standby, which publishes them and the rest; woken (SIGCONT) after the
             duplicate window (shortened to 1 s) its publications arrive and are refused (each
             expects its predecessor last in the stream): each action once, and the old leader
             exits 2 for its lost lease.
  tls        setup and serve over TLS with a client certificate (a throwaway CA made with
             openssl), on a server that requires both: porto's actions, each once; a connection
             without the TLS options, or with $TAKT_NATS_CREDS naming a missing file, refused.
  mqtt       a device publishing porto's events with mosquitto_pub to `takt/porto/events` on the
             server's MQTT listener, and mosquitto_sub on `takt/porto/actions/#`, receive the
             actions `takt run` writes for the same file.

Exits 77 (ctest SKIP_RETURN_CODE) when nats-server (for mqtt the mosquitto clients, for tls
openssl) is absent.

usage: nats_test.py SCENARIO TAKT PORTO_DIR"""
import atexit
import base64
import faulthandler
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "serve"))
import nats_wire  # noqa: E402
from porto_stream import porto_stream  # noqa: E402

PLANT = "porto"
EVENTS_STREAM = "takt_porto_events"
ACTIONS_STREAM = "takt_porto_actions"
CONSUMER = "takt_porto_serve"
PLANT_ACTIONS = "takt.porto.actions."


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def strip_id(payload):
    """A published action without its leading `"action_id":"…",`: the line `takt run` writes."""
    if not payload.startswith(b'{"action_id":"'):
        fail(f"an action without its id first: {payload[:80]!r}")
    return b"{" + payload[payload.index(b",") + 1:]


def action_id(payload):
    return payload[len(b'{"action_id":"'):payload.index(b'",')].decode()


def check_action_stream(client, expected):
    """The action stream holds `expected` (bytes of `takt run`), each action once, in order, on
    its kind's subject with its id as `Nats-Msg-Id`."""
    messages = client.stream_messages(ACTIONS_STREAM)
    ids = []
    for subject, headers, data in messages:
        ids.append(action_id(data))
        kind = data.split(b'"action":"', 1)[1].split(b'"', 1)[0].decode()
        if subject != f"takt.{PLANT}.actions.{kind}":
            fail(f"action {ids[-1]} on subject {subject}")
        if f"Nats-Msg-Id: {ids[-1]}".encode() not in headers:
            fail(f"action {ids[-1]} has headers {headers!r}")
    if len(set(ids)) != len(ids):
        fail(f"{len(ids) - len(set(ids))} actions published twice")
    keys = [tuple(int(part) for part in i.split(".")) for i in ids]
    if keys != sorted(keys):
        fail("the action stream is not in action id order")
    got = b"".join(strip_id(data) + b"\n" for _, _, data in messages)
    if got != expected:
        fail(f"the action stream ({len(messages)} actions) differs from takt run "
             f"({len(expected.splitlines())} actions)")
    return ids


def publish_events(client, lines, before=0):
    """Publishes `lines` after the `before` events the stream holds, and waits until it stored them."""
    for line in lines:
        client.publish(f"takt.{PLANT}.events.line", line)
    client.flush()
    nats_wire.wait_until("the events stream to hold the events", lambda: client.request(
        f"$JS.API.STREAM.INFO.{EVENTS_STREAM}")["state"]["last_seq"] >= before + len(lines), 20)


def acked(client):
    """How far serve acknowledged the events stream; 0 while serve replaces its consumer. A
    consumer with nothing unacknowledged stands where it delivered: one serve just re-anchored
    after the last journaled message has delivered nothing yet, and its ack floor says 0."""
    info = client.consumer(EVENTS_STREAM, CONSUMER)
    floor = info.get("ack_floor", {}).get("stream_seq", 0)
    if info.get("num_ack_pending", 1) == 0:
        return max(floor, info.get("delivered", {}).get("stream_seq", 0))
    return floor


def serving(client, process):
    """Whether `process` is in its fetch loop (its stop handlers in place): the consumer has a
    pull request waiting, and the dead serves' requests expire within a fetch's wait."""
    return process.poll() is None and client.consumer(EVENTS_STREAM, CONSUMER).get("num_waiting", 0) > 0


def stop(process):
    process.send_signal(signal.SIGTERM)
    if process.wait(20) != 0:
        fail(f"serve stopped with status {process.returncode}: {process.stderr.read().decode()}")


def running(process, when):
    """True while serve runs; a serve that stopped by itself `when` the fault struck fails the test."""
    if process.poll() is not None:
        fail(f"serve stopped with {process.returncode} {when}: {process.stderr.read().decode()}")
    return True


def porto_events(porto):
    """porto's event lines and the actions `takt run` writes for them (its reviewed expectation)."""
    with open(os.path.join(porto, "events.jsonl"), "rb") as events:
        lines = events.read().splitlines()
    with open(os.path.join(porto, "expected-actions.jsonl"), "rb") as expected:
        return lines, expected.read()


def serve_porto(client, porto, serve):
    """Publishes porto's events and starts serve; returns once it acknowledged every one, with the
    serve process, the event lines and the actions expected in the action stream."""
    lines, expected = porto_events(porto)
    publish_events(client, lines)
    process = serve()
    nats_wire.wait_until("serve to acknowledge every event",
                         lambda: acked(client) == len(lines) and serving(client, process), 20)
    return process, lines, expected


def scenario_jetstream(takt, porto, so, server, client, work, serve):
    process, lines, expected = serve_porto(client, porto, serve)
    # A second serve of the plant, on another journal, is refused while the first holds the lease.
    second = subprocess.run([takt, "serve", so, "--quiet", "--journal", os.path.join(work, "second.db"), "--nats",
                             server.url], stderr=subprocess.PIPE, timeout=20)
    if second.returncode != 2 or b"is served by" not in second.stderr:
        fail(f"a second serve was not refused by the lease: {second.returncode} {second.stderr.decode()}")
    lease_ttl = client.request("$JS.API.STREAM.INFO.KV_takt_porto")["config"]["max_age"]
    if lease_ttl != 10 * 10**9:
        fail(f"the lease bucket keeps values {lease_ttl} ns, not 10 s")
    stop(process)
    check_action_stream(client, expected)
    # A malformed message is an input line like any other: rejected, never dropped.
    client.publish(f"takt.{PLANT}.events.line", b"not json")
    client.flush()
    process = serve()
    nats_wire.wait_until("serve to acknowledge the malformed message",
                         lambda: acked(client) == len(lines) + 1 and serving(client, process), 20)
    stop(process)
    last = client.stream_messages(ACTIONS_STREAM)[-1][2]
    if action_id(last) != f"{len(lines) + 1}.0" or b'"action":"reject"' not in last:
        fail(f"the malformed message gave {last!r}")


def actions_of(takt, so, work, lines):
    """The actions `takt run` writes for these event lines: what the action stream must hold once
    serve consumed them."""
    events = os.path.join(work, "run-events.jsonl")
    with open(events, "wb") as out:
        out.write(b"".join(line + b"\n" for line in lines))
    return subprocess.run([takt, "run", so, "--quiet", "--events", events], check=True,
                          stdout=subprocess.PIPE).stdout


def generated_stream(takt, so, work, seed, count):
    """A porto-like stream of `count` events (tests/serve/porto_stream.py) and its actions."""
    lines = porto_stream(seed, count).encode().splitlines()
    return lines, actions_of(takt, so, work, lines)


def scenario_crash(takt, porto, so, server, client, work, serve):
    count = 30000
    lines, expected = generated_stream(takt, so, work, 5, count)
    publish_events(client, lines)
    # Three kills, each once serve acknowledged past another quarter of the stream (acked() is
    # what it committed, published and acknowledged; the kill falls in a later batch).
    for quarter in range(1, 4):
        process = serve()
        nats_wire.wait_until(f"serve to pass {quarter}/4 of the stream", lambda: acked(client) >= quarter * count // 4,
                             30)
        process.send_signal(signal.SIGKILL)
        process.wait()
        print(f"killed serve at {acked(client)} of {count} acknowledged", file=sys.stderr)
    process = serve()
    nats_wire.wait_until("serve to acknowledge every event",
                         lambda: acked(client) == count and serving(client, process), 30)
    stop(process)
    check_action_stream(client, expected)


def scenario_mqtt(takt, porto, so, server, client, work, serve):
    events = os.path.join(porto, "events.jsonl")
    expected = subprocess.run([takt, "run", so, "--quiet", "--events", events], check=True,
                              stdout=subprocess.PIPE).stdout
    count = expected.count(b"\n")
    device = ["-h", "127.0.0.1", "-p", str(server.mqtt_port)]
    subscriber = subprocess.Popen(["mosquitto_sub", *device, "-q", "1", "-t", f"takt/{PLANT}/actions/#",
                                   "-C", str(count), "-W", "25"], stdout=subprocess.PIPE)
    process = serve()
    # Time for the subscriber to subscribe (it prints nothing when it has).
    time.sleep(1)
    with open(events, "rb") as lines:
        subprocess.run(["mosquitto_pub", *device, "-q", "1", "-t", f"takt/{PLANT}/events", "-l"], stdin=lines,
                       check=True, timeout=20)
    received, _ = subscriber.communicate(timeout=30)
    stop(process)
    got = b"".join(strip_id(line) + b"\n" for line in received.splitlines())
    if got != expected:
        fail(f"mosquitto_sub received {len(received.splitlines())} actions, not takt run's {count}: "
             f"{received.decode()[:2000]}")
    check_action_stream(client, expected)


SNAPSHOT_STREAM = "takt_porto_snapshots"


def stored_manifest(client):
    """The manifest of the newest snapshot in JetStream, and its raw bytes."""
    reply = client.request(f"$JS.API.STREAM.MSG.GET.{SNAPSHOT_STREAM}", {"last_by_subj": "takt.porto.snapshot.head"})
    if "message" not in reply:
        return None, b""
    data = base64.b64decode(reply["message"]["data"])
    return json.loads(data), data


def scenario_snapshot(takt, porto, so, server, client, work, serve):
    count, more = 20000, 200

    def run(lines):
        return actions_of(takt, so, work, lines)

    # The stream is made in order: its first `count` lines are those of a stream of `count`.
    lines = porto_stream(11, count + more).encode().splitlines()
    expected = run(lines[:count])
    env = dict(os.environ, TAKT_NATS_SNAPSHOT_CHUNK_BYTES="16384")

    def start(journal, *options):
        process = subprocess.Popen([takt, "serve", so, "--journal", os.path.join(work, journal), "--nats",
                                    server.url, "--snapshot-every", "8000", *options], stderr=subprocess.PIPE, env=env)
        atexit.register(lambda: process.poll() is None and process.kill())
        return process

    def finish(process, what, total=count, replacing=None):
        """Stops `process` once it acknowledged `total` events. `replacing`: the creation time of
        the consumer a serve on a fresh journal replaces; until it did, the old consumer's
        acknowledgements and a dead serve's pull request would pass for this one's."""
        def done():
            return (replacing is None or client.consumer(EVENTS_STREAM, CONSUMER).get("created") != replacing) and \
                acked(client) == total and serving(client, process)
        nats_wire.wait_until(what, done, 25)
        stop(process)
        return process.stderr.read().decode()

    publish_events(client, lines[:count // 2])
    first = start("a.db")
    # One snapshot before the kill, the first the stream stores (its chunks from sequence 1 on).
    nats_wire.wait_until("the first serve to store a snapshot past line 8000", lambda: acked(client) == count // 2 and (
        stored_manifest(client)[0] or {}).get("seq", 0) >= 8000, 25)
    first.send_signal(signal.SIGKILL)
    first.wait()
    manifest, raw = stored_manifest(client)
    base = manifest["seq"]
    if manifest["stream_seq"] != base or manifest["chunks"] < 2:
        fail(f"the stored snapshot is not the one expected: {manifest}")
    publish_events(client, lines[count // 2:count])
    nats_wire.wait_until("the events stream to hold the second half", lambda: client.request(
        f"$JS.API.STREAM.INFO.{EVENTS_STREAM}")["state"]["last_seq"] == count, 20)
    # The lease of the killed serve expires within 10 s; the standby waits for it.
    standby = start("b.db", "--standby")
    stderr = finish(standby, "the standby to take over and acknowledge every event")
    if f"going on from the snapshot after line {base} (events message {base})" not in stderr or \
            f"{count - base} lines accepted" not in stderr:
        fail(f"the standby did not go on from the snapshot after line {base}: {stderr}")
    ids = check_action_stream(client, expected)
    journal = os.path.join(work, "b.db")
    stats = json.loads(subprocess.run([takt, "journal", journal, "--stats"], check=True,
                                      stdout=subprocess.PIPE).stdout)
    if stats["bases"] != [base] or stats["lines"] != count or stats["input_lines"] != count - base:
        fail(f"the standby's journal does not start at the snapshot: {stats}")
    actions = subprocess.run([takt, "journal", journal, "--actions", so], check=True,
                             stdout=subprocess.PIPE).stdout.splitlines()
    after = [data for _, _, data in client.stream_messages(ACTIONS_STREAM)
             if int(action_id(data).split(".")[0]) > base]
    if actions != after:
        fail(f"takt journal re-derives {len(actions)} actions after the snapshot, the stream holds {len(after)}")
    for command in ([takt, "journal", journal, "--events"],
                    [takt, "report", porto, "--journal", journal, "-o", os.path.join(work, "r.html")]):
        refused = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if refused.returncode != 2 or b"goes on after line" not in refused.stderr:
            fail(f"{command[1]} on a journal that starts at a snapshot: {refused.stderr.decode()}")
    # The killed serve's journal holds lines up to count / 2 only: it goes on from the snapshot the
    # standby stored at its stop, and its journal re-derives the actions on both sides of the gap.
    publish_events(client, lines[count:])
    stderr = finish(start("a.db"), "the first serve to go on from the standby's snapshot", count + more)
    if f"going on from the snapshot after line {count} (events message {count})" not in stderr or \
            f"{more} lines accepted" not in stderr:
        fail(f"the first serve's journal did not go on from the snapshot after line {count}: {stderr}")
    expected = run(lines)
    ids = check_action_stream(client, expected)
    actions = subprocess.run([takt, "journal", os.path.join(work, "a.db"), "--actions", so], check=True,
                             stdout=subprocess.PIPE).stdout.splitlines()
    kept = [data for _, _, data in client.stream_messages(ACTIONS_STREAM)
            if not count // 2 < int(action_id(data).split(".")[0]) <= count]
    if actions != kept:
        fail(f"takt journal re-derives {len(actions)} actions around the gap, the stream holds {len(kept)}")
    # A snapshot of another executor, then a damaged one: warned about, and the whole stream replayed.
    manifest, raw = stored_manifest(client)
    foreign = dict(manifest, executor_sha256="0" * 64)
    client.publish("takt.porto.snapshot.head", json.dumps(foreign).encode())
    client.flush()
    for journal, reason in (("c.db", "was made by executor"), ("d.db", "do not match the size and SHA-256")):
        consumer_created = client.consumer(EVENTS_STREAM, CONSUMER)["created"]
        stderr = finish(start(journal), f"a serve on {journal} to replay the stream", count + more,
                        replacing=consumer_created)
        if f"the snapshot after line {manifest['seq']} in `{SNAPSHOT_STREAM}` is unusable: it" not in stderr or \
                reason not in stderr or f"{count + more} lines accepted" not in stderr:
            fail(f"a foreign or damaged snapshot was not refused with a warning: {stderr}")
        # The clean stop stored its own snapshot: damage that one's first chunk.
        manifest, raw = stored_manifest(client)
        client.publish(f"takt.porto.snapshot.chunk.{manifest['seq']}.0", b"damaged")
        client.flush()
    if check_action_stream(client, expected) != ids:
        fail("the replays changed the action stream")


def scenario_restart(takt, porto, so, server, client, work, serve):
    """The first quarter of the events consumed; twice, the next quarter published and the server
    crashed while serve consumes it, restarted a second later; the last quarter published. (One
    crash alone stopped the old serve 3 runs in 4: what it hit depends on the moment.)"""
    count = 24000
    lines, expected = generated_stream(takt, so, work, 3, count)
    quarter = count // 4
    publish_events(client, lines[:quarter])
    process = serve()
    nats_wire.wait_until("serve to acknowledge the first quarter", lambda: acked(client) == quarter, 30)

    for crash in (1, 2):
        publish_events(client, lines[crash * quarter:(crash + 1) * quarter], crash * quarter)
        at = acked(client)
        client.close()
        # The server crashes while serve consumes the quarter, and comes back on its store.
        server.stop(kill=True)
        print(f"server crashed at {at} of {count} acknowledged", file=sys.stderr)
        time.sleep(1)
        server.start()
        client = nats_wire.Client(server.port)
        nats_wire.wait_until(f"serve to acknowledge {crash + 1} quarters after crash {crash}",
                             lambda: running(process, "when the server restarted") and
                             acked(client) == (crash + 1) * quarter, 30)
    publish_events(client, lines[3 * quarter:], 3 * quarter)
    nats_wire.wait_until("serve to acknowledge every event",
                         lambda: running(process, "when the server restarted") and acked(client) == count and
                         serving(client, process), 30)
    stop(process)
    check_action_stream(client, expected)
    client.close()


def scenario_lost_acks(takt, porto, so, server, client, work, serve):
    """The server's acknowledgements of the actions lost on the way (a proxy drops them, as a
    stream leader that moved never sends them): serve publishes them again and, stopped while
    it waits for them, stops within seconds, each action once."""
    lines, expected = porto_events(porto)
    proxy = nats_wire.Proxy(server.port)
    dropping = threading.Event()
    dropping.set()
    proxy.drop = lambda frame: dropping.is_set() and f'"stream":"{ACTIONS_STREAM}"'.encode() in frame
    publish_events(client, lines)
    process = serve(proxy.url)

    def stored():
        return client.request(f"$JS.API.STREAM.INFO.{ACTIONS_STREAM}")["state"]["messages"]
    nats_wire.wait_until("the actions to be stored", lambda: stored() == expected.count(b"\n"), 20)
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    begun = time.monotonic()
    time.sleep(1.5)
    dropping.clear()
    try:
        status = process.wait(10)
    except subprocess.TimeoutExpired:
        fail("serve did not stop within 10 s of SIGTERM while the acknowledgements were lost")
    if status != 0:
        fail(f"serve stopped with status {status}: {process.stderr.read().decode()}")
    print(f"serve stopped {time.monotonic() - begun:.1f} s after SIGTERM", file=sys.stderr)
    check_action_stream(client, expected)
    proxy.close()


def scenario_standby_unanswered(takt, porto, so, server, client, work, start_serve):
    """A standby whose asks for the lease get no answer (a proxy drops the server's answers about
    the lease bucket, as a cluster electing its leaders does not answer) asks again, says so once,
    and serves once the answers come."""
    lines, expected = porto_events(porto)
    proxy = nats_wire.Proxy(server.port)
    dropping, dropped = threading.Event(), threading.Event()
    dropping.set()

    def drop(frame):
        if dropping.is_set() and b'"name":"KV_takt_porto"' in frame:
            dropped.set()
            return True
        return False
    proxy.drop = drop
    publish_events(client, lines)
    process = start_serve(os.path.join(work, "porto.db"), standby=True, through=proxy.url, quiet=False)
    nats_wire.wait_until("the standby to ask for the lease bucket", dropped.is_set, 10)
    time.sleep(12)  # Two asks at least: each waits 5 s for its answer, then 1 s.
    running(process, "when the server did not answer the standby")
    dropping.clear()
    nats_wire.wait_until("the standby to take the lease and acknowledge every event",
                         lambda: acked(client) == len(lines) and serving(client, process), 30)
    stop(process)
    stderr = process.stderr.read().decode()
    if stderr.count("porto: standby, the servers do not answer") != 1:
        fail(f"the standby did not say once that the servers do not answer: {stderr}")
    check_action_stream(client, expected)
    proxy.close()


def scenario_give_up(takt, porto, so, server, client, work, serve):
    """The server ignores every publication of an action (a proxy drops them, as a replica that
    just lost the stream's leadership does): serve resends for at most 12 s, then stops with exit
    status 2 naming the unacknowledged actions, without acknowledging the events; a restart
    publishes them, each action once."""
    lines, expected = porto_events(porto)
    proxy = nats_wire.Proxy(server.port)
    proxy.drop_sent = lambda frame: frame.startswith(f"HPUB {PLANT_ACTIONS}".encode())
    publish_events(client, lines)
    begun = time.monotonic()
    process = serve(proxy.url)
    try:
        status = process.wait(40)
    except subprocess.TimeoutExpired:
        process.kill()
        fail(f"serve did not give up within 40 s without acknowledgements: {process.stderr.read().decode()}")
    stderr = process.stderr.read().decode()
    if status != 2 or "T0037" not in stderr or "actions not acknowledged by the server after" not in stderr:
        fail(f"serve stopped with {status}, not 2 for the missing acknowledgements: {stderr}")
    print(f"serve gave up {time.monotonic() - begun:.1f} s after it started: {stderr.strip()}", file=sys.stderr)
    if acked(client) != 0:
        fail(f"{acked(client)} events acknowledged though their actions were not")
    proxy.close()
    process = serve()
    nats_wire.wait_until("the restarted serve to acknowledge every event",
                         lambda: acked(client) == len(lines) and serving(client, process), 20)
    stop(process)
    check_action_stream(client, expected)


def scenario_lost_lease_ack(takt, porto, so, server, client, work, serve):
    """The server's answer to a lease renewal lost (a proxy drops it, as a server that crashed
    after writing the renewal never sends it): the next renewal, on the revision before, is
    refused; serve reads the lease, finds its own name in it, and goes on, each action once."""
    lines, expected = porto_events(porto)
    half = len(lines) // 2
    proxy = nats_wire.Proxy(server.port)
    dropping, dropped = threading.Event(), threading.Event()

    def drop(frame):
        if dropping.is_set() and b'"stream":"KV_takt_porto"' in frame:
            dropping.clear()
            dropped.set()
            return True
        return False
    proxy.drop = drop
    publish_events(client, lines[:half])
    process = serve(proxy.url)
    nats_wire.wait_until("serve to acknowledge the first half",
                         lambda: acked(client) == half and serving(client, process), 20)
    dropping.set()
    nats_wire.wait_until("a lease renewal's answer to be dropped", dropped.is_set, 10)
    publish_events(client, lines[half:], half)
    nats_wire.wait_until("serve to renew its lease and acknowledge every event",
                         lambda: running(process, "after a lost lease renewal answer") and
                         acked(client) == len(lines) and serving(client, process), 30)
    if not lease_holder(client).endswith("porto.db"):
        fail(f"serve does not hold the lease after the lost answer: `{lease_holder(client)}`")
    stop(process)
    check_action_stream(client, expected)
    proxy.close()


def scenario_tls(takt, porto, so, server, client, work, serve, tls_options):
    """Serve and setup on a server that requires TLS and client certificates: porto's actions,
    each once; without the TLS options, or with $TAKT_NATS_CREDS naming a missing file, the
    connection is refused."""
    setup = [takt, "nats", "setup", PLANT, "--nats", server.url]
    refused = subprocess.run(setup, stderr=subprocess.PIPE, timeout=20)
    if refused.returncode != 2 or b"cannot connect" not in refused.stderr:
        fail(f"a plain connection to a TLS server was not refused: {refused.stderr.decode()}")
    missing = os.path.join(work, "missing.creds")
    refused = subprocess.run(setup + tls_options, stderr=subprocess.PIPE, timeout=20,
                             env={**os.environ, "TAKT_NATS_CREDS": missing})
    if refused.returncode != 2 or missing.encode() not in refused.stderr:
        fail(f"$TAKT_NATS_CREDS was not used: {refused.returncode} {refused.stderr.decode()}")
    process, _, expected = serve_porto(client, porto, serve)
    stop(process)
    check_action_stream(client, expected)


def lease_holder(client):
    """The journal path in the plant's lease (`HOST:JOURNAL`), or "" when no one holds it."""
    reply = client.request("$JS.API.STREAM.MSG.GET.KV_takt_porto", {"last_by_subj": "$KV.takt_porto.leader"})
    message = reply.get("message")
    if not message or b"KV-Operation" in base64.b64decode(message.get("hdrs", "")):
        return ""
    return base64.b64decode(message.get("data", "")).decode().split(":", 1)[1]


def scenario_fence(takt, so, server, client, work, start_serve):
    """A leader stalled (SIGSTOP) with its publications of a batch stuck in the network (a proxy
    holds them) loses its lease; the standby takes over and publishes the batch's actions and
    the rest. The old leader then wakes (SIGCONT), its stuck publications arrive after the
    duplicate window (shortened to 1 s) passed: the stream refuses them, each action is there
    once, and the old leader exits with 2 (lease lost)."""
    config = client.request(f"$JS.API.STREAM.INFO.{ACTIONS_STREAM}")["config"]
    config["duplicate_window"] = 10**9
    updated = client.request(f"$JS.API.STREAM.UPDATE.{ACTIONS_STREAM}", config)
    if "error" in updated:
        fail(f"cannot shorten the duplicate window: {updated['error']}")
    count = 6000
    events = porto_stream(11, count).encode().splitlines()
    publish_events(client, events[:count // 2])
    journals = [os.path.join(work, "a.db"), os.path.join(work, "b.db")]
    proxy = nats_wire.Proxy(server.port)
    old = start_serve(journals[0], standby=True, through=proxy.url)
    nats_wire.wait_until("the first serve to consume the first half",
                         lambda: acked(client) == count // 2 and serving(client, old), 30)
    new = start_serve(journals[1], standby=True)
    proxy.hold_from = lambda frame: frame.startswith(f"HPUB {PLANT_ACTIONS}".encode())
    publish_events(client, events[count // 2:], count // 2)
    nats_wire.wait_until("the first serve to publish an action of the second half", proxy.held.is_set, 10)
    old.send_signal(signal.SIGSTOP)
    stalled = time.monotonic()
    nats_wire.wait_until("the standby to take over", lambda: lease_holder(client) == journals[1], 30)
    nats_wire.wait_until("the standby to acknowledge every event",
                         lambda: acked(client) == count and serving(client, new), 30)
    time.sleep(1.5)  # Past the duplicate window of the standby's publications.
    print(f"old leader stalled {time.monotonic() - stalled:.1f} s", file=sys.stderr)
    old.send_signal(signal.SIGCONT)
    proxy.release()
    try:
        status = old.wait(20)
    except subprocess.TimeoutExpired:
        fail("the old leader did not stop within 20 s of waking")
    stderr = old.stderr.read().decode()
    if status != 2 or "T0037" not in stderr or "lease" not in stderr:
        fail(f"the old leader stopped with {status}, not 2 (T0037) for its lost lease: {stderr}")
    if re.search(r"\(\w+\.c:\d+\)", stderr):
        fail(f"the error names the NATS library's source location: {stderr}")
    print(f"the old leader stopped: {stderr.strip()}", file=sys.stderr)
    stop(new)
    expected = actions_of(takt, so, work, events)
    check_action_stream(client, expected)
    proxy.close()


def scenario_failover(takt, so, servers, client, work, start_serve):
    count = 50000
    events = porto_stream(7, count).encode().splitlines()
    journals = [os.path.join(work, "a.db"), os.path.join(work, "b.db")]
    instances = {journal: start_serve(journal) for journal in journals[:1]}
    nats_wire.wait_until("the first serve to take the lease", lambda: lease_holder(client) == journals[0], 30)
    instances[journals[1]] = start_serve(journals[1])

    def supervise(held_back=None):
        """A supervisor's restart (Restart=always) of a serve that stopped by itself (its node
        went away mid-request); `held_back` is the one just killed, restarted by the scenario."""
        for journal, process in instances.items():
            if journal != held_back and process.poll() is not None:
                print(f"serve {os.path.basename(journal)} stopped with {process.returncode}: "
                      f"{process.stderr.read().decode().strip()}; restarted", file=sys.stderr)
                instances[journal] = start_serve(journal)

    def published():
        return client.request(f"$JS.API.STREAM.INFO.{EVENTS_STREAM}")["state"]["last_seq"]

    # The producer: its own connection, 50,000 events in chunks, about 10 s in all.
    producer_client = nats_wire.Client(servers[0].port)
    done = threading.Event()

    def produce():
        for start in range(0, count, 500):
            for line in events[start:start + 500]:
                producer_client.publish(f"takt.{PLANT}.events.line", line)
            producer_client.flush()
            time.sleep(0.1)
        done.set()

    producer = threading.Thread(target=produce, daemon=True)
    producer.start()
    for kill in range(1, 4):
        def passed():
            supervise()
            return acked(client) >= kill * count // 5
        nats_wire.wait_until(f"serve to pass {kill}/5 of the events", passed, 40)
        active = lease_holder(client)
        at = acked(client)
        other = journals[1] if active == journals[0] else journals[0]
        instances[active].send_signal(signal.SIGKILL)
        instances[active].wait()
        begun = time.monotonic()

        def taken_over():
            supervise(held_back=active)
            return lease_holder(client) == other
        nats_wire.wait_until(f"the standby to take over after kill {kill}", taken_over, 30)
        print(f"kill {kill} at {at} acknowledged: {os.path.basename(other)} took over in "
              f"{time.monotonic() - begun:.1f} s", file=sys.stderr)
        instances[active] = start_serve(active)
        if kill == 1:
            # One node restarted while the new leader serves: its replicas catch up when it is back.
            servers[2].stop()
            time.sleep(1)
            servers[2].start()
    nats_wire.wait_until("the producer to finish", done.is_set, 40)
    producer_client.close()
    total = published()

    def finished():
        supervise()
        return acked(client) == total
    nats_wire.wait_until("serve to acknowledge every event", finished, 40)
    for process in instances.values():
        stop(process)
    # The events as the stream holds them (the producer's core publishes are not acknowledged: the
    # expectation is `takt run` on what the stream stored, in its order).
    stored = [data for _, _, data in client.stream_messages(EVENTS_STREAM)]
    if len(stored) != total:
        fail(f"read {len(stored)} events of {total}")
    print(f"{total} of {count} events stored", file=sys.stderr)
    expected = actions_of(takt, so, work, stored)
    check_action_stream(client, expected)


def main():
    faulthandler.register(signal.SIGUSR1)
    scenario, takt, porto = sys.argv[1], sys.argv[2], sys.argv[3]
    if nats_wire.nats_server_missing() or (scenario == "mqtt" and shutil.which("mosquitto_pub") is None) or (
            scenario == "tls" and shutil.which("openssl") is None):
        print("SKIP: nats-server, the mosquitto clients or openssl are not installed", file=sys.stderr)
        sys.exit(77)
    with tempfile.TemporaryDirectory(prefix=f"takt-nats-{scenario}-") as work:
        tls = nats_wire.Certificates(work) if scenario == "tls" else None
        tls_options = (["--nats-tls-ca", tls.ca, "--nats-tls-cert", tls.client_cert, "--nats-tls-key",
                        tls.client_key] if tls else [])
        servers = (nats_wire.cluster(work) if scenario == "failover"
                   else [nats_wire.Server(work, mqtt=scenario == "mqtt", tls=tls)])
        for node in servers:
            atexit.register(node.stop)
        server = servers[0]
        url = ",".join(node.url for node in servers)
        so = os.path.join(work, "porto.so")
        # Built from the repository's root as `examples/porto`, so that the actions' `src` fields
        # are those of examples/porto/expected-actions.jsonl.
        porto = os.path.abspath(porto)
        root = os.path.dirname(os.path.dirname(porto))
        subprocess.run([takt, "build", os.path.relpath(porto, root), "-o", so], check=True, cwd=root)
        setup = [takt, "nats", "setup", PLANT, "--nats", url, "--replicas", str(len(servers))] + tls_options
        # A cluster answers JetStream requests once it elected its meta leader, and a replicated
        # stream just created may still be electing its own: a request can time out meanwhile (it
        # did under ASan), so each setup retries for a bounded time. A setup that is not
        # idempotent still fails: every retry of the second one would.
        def run_setup():
            deadline = time.monotonic() + 40
            while subprocess.run(setup, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode != 0:
                if time.monotonic() > deadline:
                    fail("takt nats setup failed for 40 s")
                time.sleep(0.5)
        run_setup()
        # Twice: the setup is idempotent.
        run_setup()
        client = nats_wire.Client(server.port, tls=tls)

        def start_serve(journal, standby=False, through=url, quiet=True):
            process = subprocess.Popen([takt, "serve", so, "--journal", journal, "--nats", through]
                                       + (["--quiet"] if quiet else []) + (["--standby"] if standby else [])
                                       + tls_options, stderr=subprocess.PIPE)
            # A failing test must not leave serve running (ctest would wait for its output).
            atexit.register(lambda: process.poll() is None and process.kill())
            return process

        if scenario == "failover":
            scenario_failover(takt, so, servers, client, work, lambda journal: start_serve(journal, standby=True))
        elif scenario == "fence":
            scenario_fence(takt, so, server, client, work, start_serve)
        elif scenario == "standby_unanswered":
            scenario_standby_unanswered(takt, porto, so, server, client, work, start_serve)
        elif scenario == "tls":
            journal = os.path.join(work, "porto.db")
            scenario_tls(takt, porto, so, server, client, work, lambda: start_serve(journal), tls_options)
        else:
            journal = os.path.join(work, "porto.db")
            {"jetstream": scenario_jetstream, "crash": scenario_crash, "mqtt": scenario_mqtt,
             "snapshot": scenario_snapshot, "restart": scenario_restart, "lost_acks": scenario_lost_acks,
             "lost_lease_ack": scenario_lost_lease_ack, "give_up": scenario_give_up}[scenario](
                takt, porto, so, server, client, work, lambda through=url: start_serve(journal, through=through))
        client.close()
        for node in servers:
            node.stop()
    print(f"ok: nats {scenario}")


if __name__ == "__main__":
    main()
