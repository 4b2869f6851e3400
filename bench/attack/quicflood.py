#!/usr/bin/python3
"""QUIC floods against a local HTTP/3 server (UDP).

  --kind initial   valid QUIC v1 Initial packets (RFC 9001 Initial protection, a TLS 1.3
                   ClientHello with ALPN h3 and transport parameters), each with a new
                   Destination Connection ID, sent round-robin from --ports UDP sockets (so from
                   that many source ports), never answered: every one is a new handshake the
                   server has to start, or (past its threshold) a Retry it sends instead
  --kind garbage   datagrams of random bytes: half look like long-header Initials (version 1,
                   random connection ids, 1200 bytes: the server derives keys and fails to
                   decrypt), half like short-header packets for unknown connections

At most --rate datagrams a second for --duration seconds. Loopback only. The last line on
stdout is a JSON summary: datagrams sent, datagrams received back, and among those Retry and
Initial packets (a Retry count above zero is the server's address validation at work).
"""
import argparse
import hashlib
import hmac
import json
import os
import selectors
import socket
import struct
import sys
import time

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

INITIAL_SALT = bytes.fromhex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a")   # RFC 9001 §5.2


def hkdf_expand_label(secret, label, length):
    full = b"tls13 " + label
    info = struct.pack(">H", length) + bytes([len(full)]) + full + b"\x00"
    out, t, i = b"", b"", 1
    while len(out) < length:
        t = hmac.new(secret, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:length]


def client_keys(dcid):
    initial = hmac.new(INITIAL_SALT, dcid, hashlib.sha256).digest()   # HKDF-Extract
    secret = hkdf_expand_label(initial, b"client in", 32)
    return (hkdf_expand_label(secret, b"quic key", 16), hkdf_expand_label(secret, b"quic iv", 12),
            hkdf_expand_label(secret, b"quic hp", 16))


def varint(v):
    if v < 64:
        return bytes([v])
    if v < 16384:
        return struct.pack(">H", 0x4000 | v)
    return struct.pack(">I", 0x80000000 | v)


def ext(t, body):
    return struct.pack(">HH", t, len(body)) + body


KEY_SHARE = X25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def client_hello(scid):
    tp = b"\x0f" + varint(len(scid)) + scid                  # initial_source_connection_id
    tp += b"\x01\x04" + struct.pack(">I", 0x80000000 | 30000)    # max_idle_timeout, 4-byte varint
    tp += b"\x04\x04" + struct.pack(">I", 0x80000000 | 1048576)                     # initial_max_data
    exts = b"".join([
        ext(0, struct.pack(">HBH", 12, 0, 9) + b"localhost"),
        ext(10, struct.pack(">H", 4) + b"\x00\x1d\x00\x17"),
        ext(13, struct.pack(">H", 8) + b"\x04\x03\x08\x04\x04\x01\x08\x07"),
        ext(16, struct.pack(">H", 3) + b"\x02h3"),
        ext(43, b"\x02\x03\x04"),
        ext(51, struct.pack(">HHH", 36, 0x1d, 32) + KEY_SHARE),
        ext(45, b"\x01\x01"),
        ext(0x39, tp),
    ])
    body = b"\x03\x03" + os.urandom(32) + b"\x00" + b"\x00\x06\x13\x01\x13\x02\x13\x03" + b"\x01\x00"
    body += struct.pack(">H", len(exts)) + exts
    return b"\x01" + struct.pack(">I", len(body))[1:] + body


def initial_packet():
    dcid, scid = os.urandom(8), os.urandom(8)
    key, iv, hp = client_keys(dcid)
    ch = client_hello(scid)
    payload = b"\x06\x00" + varint(len(ch)) + ch                 # CRYPTO offset 0
    head_len = 1 + 4 + 1 + 8 + 1 + 8 + 1 + 2 + 4
    payload += b"\x00" * max(0, 1200 - head_len - len(payload) - 16)   # PADDING to 1200 bytes
    pn = b"\x00\x00\x00\x00"
    header = b"\xc3" + b"\x00\x00\x00\x01" + b"\x08" + dcid + b"\x08" + scid + b"\x00"
    header += struct.pack(">H", 0x4000 | (len(pn) + len(payload) + 16)) + pn
    nonce = iv                                                    # packet number 0: iv XOR 0
    ct = AESGCM(key).encrypt(nonce, payload, header)
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(ct[:16]) + enc.finalize()                   # sample at pn offset + 4
    first = bytes([header[0] ^ (mask[0] & 0x0f)])
    pn_off = len(header) - 4
    pn_prot = bytes(b ^ m for b, m in zip(header[pn_off:], mask[1:5]))
    return first + header[1:pn_off] + pn_prot + ct


def garbage_packet(i):
    if i % 2:
        return b"\xc0\x00\x00\x00\x01\x08" + os.urandom(8) + b"\x08" + os.urandom(8) + b"\x00\x44\xa0" + os.urandom(1178)
    return bytes([0x40 | (os.urandom(1)[0] & 0x3f)]) + os.urandom(1199)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--kind", choices=["initial", "garbage"], required=True)
    ap.add_argument("--ports", type=int, default=256, help="source ports (UDP sockets) to send from")
    ap.add_argument("--rate", type=int, default=2000, help="datagrams per second at most")
    ap.add_argument("--duration", type=float, default=10)
    a = ap.parse_args()
    if not (1 <= a.ports <= 4096 and 1 <= a.rate <= 100000 and 0 < a.duration <= 3600):
        sys.exit("quicflood: --ports 1..4096, --rate 1..100000, --duration 0..3600")
    sel = selectors.DefaultSelector()
    socks = []
    for _ in range(a.ports):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.connect(("127.0.0.1", a.port))
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        socks.append(s)
    st = {"sent": 0, "send_errors": 0, "received": 0, "retry": 0, "initial": 0, "handshake": 0, "other": 0}
    start = time.monotonic()
    end = start + a.duration
    i = 0
    while True:
        now = time.monotonic()
        if now >= end:
            break
        # Send what the rate allows by now, in slices of at most 50 datagrams.
        allowed = int((now - start) * a.rate) - st["sent"] - st["send_errors"]
        for _ in range(min(50, max(0, allowed))):
            pkt = initial_packet() if a.kind == "initial" else garbage_packet(i)
            try:
                socks[i % len(socks)].send(pkt)
                st["sent"] += 1
            except OSError:
                st["send_errors"] += 1
            i += 1
        for key, _ in sel.select(0 if allowed > 50 else 0.002):
            try:
                while True:
                    d = key.fileobj.recv(65536)
                    st["received"] += 1
                    if d and d[0] & 0x80:
                        kind = (d[0] >> 4) & 3
                        st[{0: "initial", 2: "handshake", 3: "retry"}.get(kind, "other")] += 1
                    else:
                        st["other"] += 1
            except (BlockingIOError, ConnectionRefusedError):
                pass
    for s in socks:
        s.close()
    print(json.dumps(st))


if __name__ == "__main__":
    main()
