"""A load generator for loopback benchmarks: keep-alive HTTP/1.1 clients in threads, and CPU time from /proc."""

import os
import socket
import threading
import time
from pathlib import Path

HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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

    def __init__(self, port):
        self.port = port
        self.sock = None
        self.pending = b""

    def send(self, raw):
        """(status, Location, milliseconds); status 0 when the connection failed."""
        started = time.perf_counter()
        try:
            if self.sock is None:
                self.sock = socket.create_connection((HOST, self.port), timeout=60)
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
