"""A load generator for loopback benchmarks: keep-alive HTTP/1.1 clients in threads, and CPU time from /proc."""

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(port, environment, log_path, workers=2, threads=2, worker_class="gthread"):
    """gunicorn as production runs it, on loopback, with Django's and gunicorn's output in `log_path`.

    The output goes to a file, never to a pipe: production logs every 500 with its traceback, and a
    pipe nobody reads fills after 64 KiB and then blocks every worker thread that logs, so the
    server stops answering with its CPUs idle.
    """
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "jindu.wsgi",
        f"--pythonpath={ROOT / 'bench'}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        f"--bind={HOST}:{port}",
        "--keep-alive=30",
        "--preload",
        "--log-level=warning",
    ]
    log = open(log_path, "w")  # closed when the bench exits
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **environment}, stdout=log, stderr=log)
    if not wait_until_listening(process, port, 60, log_path):
        process.kill()
        sys.exit(f"bench: gunicorn did not start:\n{log_tail(log_path)}")
    return process


def wait_until_listening(process, port, seconds, log_path):
    """True once the server accepts connections, False after `seconds`; exits if it stops on the way."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"bench: the server exited during startup:\n{log_tail(log_path)}")
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def log_tail(log_path, lines=30):
    """The end of the server's log, to say why a bench stopped."""
    text = Path(log_path).read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:]) + f"\n(whole log: {log_path})"


def request_bytes(path, cookie, csrf, body=""):
    """A form POST as a browser sends it behind nginx, ready to write to the socket."""
    payload = body.encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nCookie: {cookie}\r\nX-CSRFToken: {csrf}\r\n"
        f"Origin: https://{HOST}\r\nX-Forwarded-Proto: https\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(payload)}\r\n\r\n"
    )
    return head.encode() + payload


class Connection:
    """One keep-alive HTTP/1.1 connection; reads each response by its Content-Length."""

    def __init__(self, port, timeout=60):
        self.port = port
        self.timeout = timeout
        self.sock = None
        self.pending = b""

    def send(self, raw):
        """(status, Location, milliseconds); status 0 when the connection failed."""
        started = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = socket.create_connection((HOST, self.port), timeout=self.timeout)
                self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self.sock.sendall(raw)
            status, location = self._response()
        except OSError:
            self.close()
            status, location = 0, ""
        return status, location, (time.perf_counter() - started) * 1000

    def _response(self):
        while b"\r\n\r\n" not in self.pending:
            self._receive()
        head, _sep, self.pending = self.pending.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {}
        for line in lines[1:]:
            name, _sep, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers["content-length"])  # CommonMiddleware sets it on every response here
        while len(self.pending) < length:
            self._receive()
        self.pending = self.pending[length:]
        if headers.get("connection", "").lower() == "close":
            self.close()
        return int(lines[0].split()[1]), headers.get("location", "")

    def _receive(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed by the server")
        self.pending += chunk

    def close(self):
        if self.sock is not None:
            self.sock.close()
        self.sock, self.pending = None, b""


def run_parallel(port, requests, concurrency):
    """Send every request once from `concurrency` threads; results in request order, and the seconds taken."""
    results = [None] * len(requests)
    cursor = iter(range(len(requests)))
    lock = threading.Lock()

    def worker():
        connection = Connection(port)
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                connection.close()
                return
            results[index] = connection.send(requests[index])

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def server_pids(server):
    """The gunicorn master and its workers."""
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [server.pid, *map(int, children)]


def cpu_seconds(pids):
    """User plus system CPU of the processes still running, from /proc."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS
