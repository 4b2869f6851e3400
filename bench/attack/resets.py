#!/usr/bin/python3
"""Clients that give up mid-response, for the mixed load of bench/resilience.sh.

Alternates two kinds of reset against GET /stream?n=200 (a response of 200 KiB written 1 KiB at
a time) on the cleartext port:
  h1  connect, send the request, read until the first body bytes, close with SO_LINGER 0 (RST)
  h2  h2c prior knowledge: stream 1 = /stream?n=200, RST_STREAM(CANCEL) once its first DATA
      arrives, then stream 3 = GET / on the same connection, which must answer :status 200
      (the server answers with the static-table index 0x88) and "Hello, World!\n"
A reset is expected; what must not happen is a first response that does not start with 200 or a
follow-up request on the reset connection that fails: those are "unexpected" in the JSON summary
printed last on stdout. Loopback only, bounded by --duration and --rate (resets per second).
"""
import argparse
import json
import socket
import struct
import sys
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame(ftype, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


def get_block(path):
    p = path.encode()
    return b"\x82\x86" + b"\x04" + bytes([len(p)]) + p + b"\x01\x09127.0.0.1"


def read_frames(sock, buf):
    """Yields (type, flags, stream, payload) as they arrive; raises on EOF."""
    while True:
        while len(buf) >= 9:
            n = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + n:
                break
            f = (buf[3], buf[4], int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF, bytes(buf[9:9 + n]))
            del buf[:9 + n]
            yield f
        d = sock.recv(65536)
        if not d:
            raise ConnectionError("closed by the server")
        buf += d


def h1_reset(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(b"GET /stream?n=200 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        got = b""
        while b"\r\n\r\n" not in got or len(got) < got.index(b"\r\n\r\n") + 5:
            d = s.recv(65536)
            if not d:
                return False
            got += d
        ok = got.startswith(b"HTTP/1.1 200 ")
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        return ok
    finally:
        s.close()


def h2_reset(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        s.sendall(PREFACE + frame(4, 0, 0) + frame(1, 0x05, 1, get_block("/stream?n=200")))
        buf = bytearray()
        frames = read_frames(s, buf)
        status_ok = False
        for t, fl, sid, pl in frames:
            if t == 4 and not fl & 1:
                s.sendall(frame(4, 1, 0))                                  # SETTINGS ACK
            elif t == 1 and sid == 1:
                status_ok = pl[:1] == b"\x88"
            elif t == 0 and sid == 1:
                break
            elif t == 7:
                return False
        s.sendall(frame(3, 0, 1, struct.pack(">I", 8)) + frame(1, 0x05, 3, get_block("/")))
        body, status3 = b"", False
        for t, fl, sid, pl in frames:
            if sid != 3:
                continue
            if t == 1:
                status3 = pl[:1] == b"\x88"
                if fl & 1:
                    break
            elif t == 0:
                body += pl
                if fl & 1:
                    break
            elif t == 3:
                return False
        return status_ok and status3 and body == b"Hello, World!\n"
    finally:
        s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--rate", type=float, default=20)
    a = ap.parse_args()
    if not (0 < a.duration <= 3600 and 0 < a.rate <= 1000):
        sys.exit("resets: --duration 0..3600, --rate 0..1000")
    st = {"h1_resets": 0, "h2_resets": 0, "unexpected": 0, "errors": []}
    end = time.monotonic() + a.duration
    i = 0
    while time.monotonic() < end:
        t0 = time.monotonic()
        kind = "h1" if i % 2 == 0 else "h2"
        try:
            ok = (h1_reset if kind == "h1" else h2_reset)(a.port)
        except OSError as e:
            ok = False
            if len(st["errors"]) < 10:
                st["errors"].append(f"{kind}: {e}")
        st[kind + "_resets"] += 1
        if not ok:
            st["unexpected"] += 1
        i += 1
        time.sleep(max(0.0, 1 / a.rate - (time.monotonic() - t0)))
    print(json.dumps(st))


if __name__ == "__main__":
    main()
