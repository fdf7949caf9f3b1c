"""A minimal NATS client for the tests (the NATS text protocol over a socket): publish, request
and the few JetStream API calls the tests read the streams with. No third-party package."""
import base64
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import threading
import time


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """nats-server with JetStream (and MQTT when `mqtt`) on free loopback ports, its store in
    `work`, with TLS only when `tls` (Certificates), verifying its clients' certificates; stopped by stop() or when the test exits (the caller registers stop with atexit).
    With `cluster` (this node's cluster port and its peers' ports) and `name`, one node of a
    JetStream cluster; start() after stop() brings the same node back on its store."""

    def __init__(self, work, mqtt=False, name="takt_test", cluster=None, tls=None):
        self.port = free_port()
        self.mqtt_port = free_port() if mqtt else None
        store = os.path.join(work, f"jetstream_{name}")
        self.config = os.path.join(work, f"{name}.conf")
        with open(self.config, "w") as out:
            out.write(f'server_name: "{name}"\nlisten: "127.0.0.1:{self.port}"\n'
                      f'jetstream {{ store_dir: "{store}" }}\n')
            if mqtt:
                out.write(f'mqtt {{ listen: "127.0.0.1:{self.mqtt_port}" }}\n')
            if tls:
                out.write(f'tls {{ cert_file: "{tls.server_cert}"\n key_file: "{tls.server_key}"\n'
                          f' ca_file: "{tls.ca}"\n verify: true }}\n')
            if cluster:
                listen, peers = cluster
                routes = ", ".join(f"nats-route://127.0.0.1:{peer}" for peer in peers)
                out.write(f'cluster {{ name: "takt_test"\n listen: "127.0.0.1:{listen}"\n routes: [{routes}] }}\n')
        self.log_path = os.path.join(work, f"{name}.log")
        self.url = f"nats://127.0.0.1:{self.port}"
        self.process = None
        self.start()

    def start(self):
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(["nats-server", "-c", self.config], stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                if not self.mqtt_port or socket.create_connection(("127.0.0.1", self.mqtt_port), timeout=1):
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("nats-server did not start")
            time.sleep(0.05)

    def stop(self, kill=False):
        """Stops the server, with SIGKILL when `kill` (a crash: what it had not written is lost)."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def cluster(work, nodes=3):
    """`nodes` nats-servers routed to each other as one JetStream cluster on loopback."""
    ports = [free_port() for _ in range(nodes)]
    return [Server(work, name=f"n{index}", cluster=(port, [peer for peer in ports if peer != port]))
            for index, port in enumerate(ports)]


class Proxy:
    """A relay on a free loopback port to the nats-server on `port`, frame by frame of the NATS
    protocol, for faults a real network has: it drops the frames the server sends that `drop`
    (a function of the frame's bytes, None: none) selects, as acknowledgements that never come,
    and the frames a client sends that `drop_sent` selects, as publications a server ignores;
    and once `hold_from` selects a frame a client sends, it holds that frame and every later one
    of that connection until release(), as publications stalled in the network."""

    def __init__(self, port):
        self.port = free_port()
        self.url = f"nats://127.0.0.1:{self.port}"
        self.target = port
        self.drop = None
        self.drop_sent = None
        self.hold_from = None
        self.held = threading.Event()
        self._lock = threading.Lock()
        self._held_frames = []  # (server socket, frame bytes), in order; None once released.
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(("127.0.0.1", self.target))
            threading.Thread(target=self._pump, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, True), daemon=True).start()

    @staticmethod
    def _frames(sock):
        """The frames read from `sock`: a protocol line, with its payload for (H)PUB and (H)MSG."""
        buffer = b""
        while True:
            end = buffer.find(b"\r\n")
            if end >= 0:
                fields = buffer[:end].split()
                size = end + 2
                if fields and fields[0].upper() in (b"PUB", b"HPUB", b"MSG", b"HMSG"):
                    size += int(fields[-1]) + 2
                if len(buffer) >= size:
                    yield buffer[:size]
                    buffer = buffer[size:]
                    continue
            try:
                chunk = sock.recv(65536)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk

    def _pump(self, source, target, from_server):
        for frame in self._frames(source):
            dropping = self.drop if from_server else self.drop_sent
            if dropping is not None and dropping(frame):
                continue
            with self._lock:
                if not from_server and self._held_frames is not None and (
                        self.held.is_set() or (self.hold_from is not None and self.hold_from(frame))):
                    self._held_frames.append((target, frame))
                    self.held.set()
                    continue
                try:
                    target.sendall(frame)
                except OSError:
                    return
        if self.held.is_set() and not from_server:
            return  # The server side stays open until release() sent what is held.
        target.close()

    def release(self):
        """Sends what is held, in order, and relays everything from then on."""
        with self._lock:
            for target, frame in self._held_frames:
                try:
                    target.sendall(frame)
                except OSError:
                    pass
            self._held_frames = None

    def close(self):
        self._listener.close()


class Certificates:
    """A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, both signed by
    it, made with openssl in `work` (EC keys: fast to make)."""

    def __init__(self, work):
        def path(name):
            return os.path.join(work, name)

        def openssl(*args):
            subprocess.run(["openssl", *args], check=True, capture_output=True)

        key_options = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        self.ca = path("ca.pem")
        openssl("req", "-x509", *key_options, "-keyout", path("ca.key"), "-out", self.ca, "-days", "1",
                "-subj", "/CN=takt test CA")
        for name, extension in (("server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"),
                                ("client", "extendedKeyUsage=clientAuth\n")):
            with open(path(f"{name}.ext"), "w") as out:
                out.write(extension)
            openssl("req", *key_options, "-keyout", path(f"{name}.key"), "-out", path(f"{name}.csr"),
                    "-subj", f"/CN=takt test {name}")
            openssl("x509", "-req", "-in", path(f"{name}.csr"), "-CA", self.ca, "-CAkey", path("ca.key"),
                    "-CAcreateserial", "-out", path(f"{name}.pem"), "-days", "1", "-extfile", path(f"{name}.ext"))
        self.server_cert, self.server_key = path("server.pem"), path("server.key")
        self.client_cert, self.client_key = path("client.pem"), path("client.key")


def nats_server_missing():
    return shutil.which("nats-server") is None


class Client:
    def __init__(self, port, tls=None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.buffer = b""
        self.pending = []
        self.next_sid = 0
        self._line()  # INFO
        if tls:
            context = ssl.create_default_context(cafile=tls.ca)
            context.load_cert_chain(tls.client_cert, tls.client_key)
            self.sock = context.wrap_socket(self.sock, server_hostname="127.0.0.1")
        self.sock.sendall(b'CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true}\r\nPING\r\n')
        while self._line() != b"PONG":
            pass

    def _line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("nats-server closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _bytes(self, count):
        while len(self.buffer) < count + 2:
            self.buffer += self.sock.recv(65536)
        data, self.buffer = self.buffer[:count], self.buffer[count + 2:]
        return data

    def publish(self, subject, payload, reply=""):
        self.sock.sendall(b"PUB %s %s %d\r\n%s\r\n" % (subject.encode(), reply.encode(), len(payload), payload))

    def flush(self):
        self.sock.sendall(b"PING\r\n")
        while True:
            line = self._line()
            if line == b"PONG":
                return
            if line.startswith(b"MSG") or line.startswith(b"HMSG"):
                fields = line.split()
                self.pending.append((fields, self._bytes(int(fields[-1]))))

    def request(self, subject, payload=b""):
        self.next_sid += 1
        inbox = f"_INBOX.takt_test.{self.next_sid}"
        self.sock.sendall(b"SUB %s %d\r\nUNSUB %d 1\r\n" % (inbox.encode(), self.next_sid, self.next_sid))
        self.publish(subject, payload if isinstance(payload, bytes) else json.dumps(payload).encode(), inbox)
        while True:
            fields, data = self._message()
            if fields[2] != str(self.next_sid).encode():
                self.pending.append((fields, data))  # A subscription's message, read later.
                continue
            if fields[0] == b"HMSG":
                data = data[int(fields[-2]):]
            return json.loads(data) if data else {}

    def _message(self):
        """The next message: its MSG/HMSG line's fields and its bytes (headers included)."""
        while True:
            line = self._line()
            if line == b"PING":
                self.sock.sendall(b"PONG\r\n")
            elif line.startswith(b"MSG") or line.startswith(b"HMSG"):
                fields = line.split()
                return fields, self._bytes(int(fields[-1]))

    def stream_messages(self, stream):
        """Every message of `stream`, in stream order: (subject, headers bytes, data bytes), read
        through an ephemeral push consumer that delivers the whole stream to an inbox."""
        count = self.request(f"$JS.API.STREAM.INFO.{stream}")["state"]["messages"]
        self.next_sid += 1
        inbox = f"_INBOX.takt_test.{self.next_sid}"
        sid = self.next_sid
        self.sock.sendall(b"SUB %s %d\r\n" % (inbox.encode(), sid))
        created = self.request(f"$JS.API.CONSUMER.CREATE.{stream}", {
            "stream_name": stream,
            "config": {"deliver_subject": inbox, "ack_policy": "none", "deliver_policy": "all",
                       "inactive_threshold": 10_000_000_000}})
        if "error" in created:
            raise RuntimeError(f"cannot read {stream}: {created['error']}")
        messages = []
        while len(messages) < count:
            fields, data = self.pending.pop(0) if self.pending else self._message()
            if fields[2] != str(sid).encode():
                continue
            headers = data[:int(fields[-2])] if fields[0] == b"HMSG" else b""
            messages.append((fields[1].decode(), headers, data[len(headers):]))
        self.sock.sendall(b"UNSUB %d\r\n" % sid)
        return messages

    def consumer(self, stream, name):
        return self.request(f"$JS.API.CONSUMER.INFO.{stream}.{name}")

    def close(self):
        self.sock.close()


def wait_until(what, condition, seconds):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)
