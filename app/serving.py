"""Gunicorn's threaded worker, made safe from slow clients (gunicorn.conf.py selects it).

Gunicorn's gthread worker hands a connection to a thread as soon as its first bytes arrive, and the thread then
reads the request with blocking reads that never time out: a client that sends its headers a byte at a time
(slowloris) holds a thread for as long as it likes, and sixteen of them blocked the server for 28 seconds.
Here the worker's own event loop collects each request's headers without a thread, as a buffering proxy does,
and hands the connection to a thread only once they are complete; headers not complete within HEADER_SECONDS
close the connection. A thread then reads the body against a deadline (READ_SECONDS in all, no read or write
stalled for IDLE_SECONDS). A buffering proxy in front (nginx) remains the first line of defence on the open
internet; this keeps a laptop serving a room, or a proxy that does not buffer, answering.
"""
from __future__ import annotations

import selectors
import socket
import time
from contextlib import suppress
from functools import partial

from gunicorn.workers.gthread import ThreadWorker

HEADER_SECONDS = 10.0
READ_SECONDS = 15.0
IDLE_SECONDS = 10.0
MAX_HEADER_BYTES = 64 * 1024  # past this, gunicorn's own limits answer (431/400)
END_OF_HEADERS = b"\r\n\r\n"


class DeadlineSocket:
    """A client socket whose reads end at a deadline set when a worker thread takes the connection."""

    def __init__(self, sock: socket.socket, read_seconds: float = READ_SECONDS, idle_seconds: float = IDLE_SECONDS):
        self._sock, self._read, self._idle = sock, read_seconds, idle_seconds
        self._deadline = time.monotonic() + read_seconds
        self._buffered = bytearray()

    def take_available(self) -> str:
        """Read what has arrived without blocking: "ready" once the headers are complete, "more", or "closed"."""
        try:
            data = self._sock.recv(65536)
        except (BlockingIOError, InterruptedError):
            return "more"
        except OSError:
            return "closed"
        if not data:
            return "closed"
        self._buffered += data
        done = END_OF_HEADERS in self._buffered or len(self._buffered) > MAX_HEADER_BYTES
        return "ready" if done else "more"

    def setblocking(self, flag: bool) -> None:
        """Gunicorn calls this with True each time a thread starts on the connection: a new request, a new deadline."""
        if flag:
            self._deadline = time.monotonic() + self._read
            self._sock.settimeout(self._idle)
        else:
            self._sock.setblocking(False)

    def recv(self, size: int, *args) -> bytes:
        if self._buffered:  # the headers the event loop collected come first
            chunk = bytes(self._buffered[:size])
            del self._buffered[:size]
            return chunk
        remaining = self._deadline - time.monotonic()
        if remaining <= 0:
            return self._give_up()
        self._sock.settimeout(min(remaining, self._idle))
        try:
            return self._sock.recv(size, *args)
        except TimeoutError:
            return self._give_up()

    def _give_up(self) -> bytes:
        # Gunicorn reads an empty chunk as a client that went away, closes quietly and frees the thread.
        with suppress(OSError):  # the client may have gone already
            self._sock.shutdown(socket.SHUT_RDWR)
        return b""

    def sendall(self, data, *args):
        self._sock.settimeout(self._idle)
        return self._sock.sendall(data, *args)

    def sendfile(self, file, offset=0, count=None):
        self._sock.settimeout(self._idle)
        return self._sock.sendfile(file, offset, count)

    def fileno(self) -> int:
        return self._sock.fileno()

    def __getattr__(self, name):
        return getattr(self._sock, name)


class DeadlineWorker(ThreadWorker):
    """gthread, with headers collected by the event loop and every client socket wrapped in a DeadlineSocket."""

    def init_process(self):
        self.collecting = {}  # connection -> when its headers must be complete
        super().init_process()

    def enqueue_req(self, conn):
        """A new or kept-alive connection with bytes to read: collect its headers first, without a thread."""
        if self.cfg.is_ssl:  # TLS ends at the proxy; the plain worker handles the rare direct case
            return super().enqueue_req(conn)
        if not isinstance(conn.sock, DeadlineSocket):
            conn.sock = DeadlineSocket(conn.sock)
        conn.sock.setblocking(False)
        self.collecting[conn] = time.monotonic() + HEADER_SECONDS
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._collect, conn))

    def _collect(self, conn, _fileobj) -> None:
        state = conn.sock.take_available()
        if state == "more":
            return
        self.poller.unregister(conn.sock)
        del self.collecting[conn]
        if state == "closed":
            self.nr_conns -= 1
            conn.close()
            return
        conn.data_ready = True  # gthread waits for no more data: the request is here
        super().enqueue_req(conn)

    def murder_pending(self):
        """Gunicorn's sweep of waiting connections, plus those whose headers did not arrive in time."""
        super().murder_pending()
        now = time.monotonic()
        for conn, deadline in list(self.collecting.items()):
            if deadline <= now or not self.alive:
                del self.collecting[conn]
                with suppress(OSError, KeyError, ValueError):  # already closed or never registered
                    self.poller.unregister(conn.sock)
                self.nr_conns -= 1
                conn.close()
