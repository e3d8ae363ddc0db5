"""Outside services that misbehave, on real sockets on 127.0.0.1 (the edge of the world)."""

from __future__ import annotations

import contextlib
import socket
import socketserver
import threading
from collections.abc import Iterator


def closed_port() -> int:
    """A port nothing listens on (bound then released): connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _TempFailSMTP(socketserver.StreamRequestHandler):
    """Speaks just enough SMTP to greet, then refuses every mail with 451 (try later)."""

    def handle(self):
        self.wfile.write(b"220 127.0.0.1 ESMTP test\r\n")
        for raw in self.rfile:
            verb = raw.split(b" ", 1)[0].strip().upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 127.0.0.1\r\n")
            elif verb == b"MAIL":
                self.wfile.write(b"451 4.3.0 Mail server temporarily unavailable\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@contextlib.contextmanager
def smtp_451() -> Iterator[int]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _TempFailSMTP)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def black_hole() -> Iterator[int]:
    """A port that accepts connections and never answers (a hung upstream)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            with contextlib.suppress(OSError):
                conn, _addr = listener.accept()
                held.append(conn)  # keep it open, say nothing

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        for conn in held:
            conn.close()
        listener.close()
