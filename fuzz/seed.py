#!/usr/bin/python3
"""Seeds fuzz/corpus/<target>/ from the inputs the tests already use.

The string literals of tests/unit/*.cc and of the double-quoted strings in tests/**/*.phpt are
read (escapes decoded, adjacent C++ literals joined, PHP interpolations replaced by "XyZ", the
boundary the multipart tests use), sorted into the targets whose parser they are written for,
and framed the way each target's input layout wants them (see the comment at the top of each
fuzz/fuzz_*.cc). Binary protocols the tests build with helpers (PROXY v2, WebSocket frames,
QUIC packets) are built here from the same values; IPC frames come from the project's own
encoders (fuzz/seed_ipc.cc, compiled and run by this script).

Files are named by the SHA-1 of their content, like libFuzzer names what it adds, so seeding
twice or after a campaign never duplicates an input. After seeding, minimise with -merge=1
(fuzz/README.md).

  /usr/bin/python3 fuzz/seed.py [target...]      (default: every target)
"""
import hashlib
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")


# --- string literals ------------------------------------------------------------------------

def c_unescape(body):
    out = bytearray()
    i = 0
    simple = {"n": 10, "r": 13, "t": 9, "0": 0, "\\": 92, '"': 34, "'": 39, "a": 7, "b": 8,
              "f": 12, "v": 11, "?": 63}
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out += ch.encode()
            i += 1
            continue
        nx = body[i + 1]
        if nx == "x":
            m = re.match(r"[0-9a-fA-F]+", body[i + 2:])
            out.append(int(m.group(0), 16) & 0xFF)
            i += 2 + len(m.group(0))
        elif nx in "01234567":
            m = re.match(r"[0-7]{1,3}", body[i + 1:])
            out.append(int(m.group(0), 8) & 0xFF)
            i += 1 + len(m.group(0))
        else:
            out.append(simple.get(nx, ord(nx)))
            i += 2
    return bytes(out)


C_LIT = re.compile(r'R"([^(\s]*)\((.*?)\)\1"|"((?:[^"\\\n]|\\.)*)"', re.S)


def cpp_literals(text):
    """String literals of a C++ source, adjacent ones ("a" "b") joined."""
    text = re.sub(r"//[^\n]*", "", text)
    out, cur, last_end = [], None, None
    for m in C_LIT.finditer(text):
        if m.start() > 0 and text[m.start() - 1] == "'":
            continue  # '"' character literal
        val = m.group(2).encode() if m.group(2) is not None else c_unescape(m.group(3))
        if cur is not None and text[last_end:m.start()].strip() == "":
            cur += val
        else:
            if cur is not None:
                out.append(cur)
            cur = val
        last_end = m.end()
    if cur is not None:
        out.append(cur)
    return out


PHP_LIT = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)


def php_unescape(body):
    body = re.sub(r"\{\$[^}]*\}|\$[A-Za-z_]\w*(?:->\w+|\[[^\]]*\])*", "XyZ", body)
    out = bytearray()
    i = 0
    simple = {"n": 10, "r": 13, "t": 9, "v": 11, "e": 27, "f": 12, "\\": 92, "$": 36, '"': 34}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nx = body[i + 1]
            if nx in simple:
                out.append(simple[nx])
                i += 2
                continue
            m = re.match(r"x([0-9a-fA-F]{1,2})|([0-7]{1,3})", body[i + 1:])
            if m:
                out.append(int(m.group(1), 16) if m.group(1) else int(m.group(2), 8) & 0xFF)
                i += 1 + len(m.group(0))
                continue
        out += ch.encode()
        i += 1
    return bytes(out)


def php_literals(text):
    return [php_unescape(m.group(1)) for m in PHP_LIT.finditer(text)]


def sources(pattern_dir, ext):
    for base, _, files in os.walk(os.path.join(ROOT, pattern_dir)):
        for f in sorted(files):
            if f.endswith(ext):
                yield os.path.join(base, f)


def all_literals():
    lits = []
    for path in sources("tests/unit", ".cc"):
        lits += cpp_literals(open(path, encoding="utf-8", errors="replace").read())
    for path in sources("tests", ".phpt"):
        lits += php_literals(open(path, encoding="utf-8", errors="replace").read())
    return lits


# --- per-target seeds -----------------------------------------------------------------------

HEAD = re.compile(rb"^[A-Z][A-Z-]* \S+ HTTP/\d\.\d\r?\n")
CHUNKED = re.compile(rb"^[0-9a-fA-F]+[ \t;]*[^\r\n]*\r\n")
CHUNKED_HEAD = b"POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"


def seeds_http1(lits):
    for s in lits:
        if HEAD.match(s):
            yield s
        elif CHUNKED.match(s) and b"\r\n" in s[s.index(b"\r\n") + 2:]:
            yield s
            yield CHUNKED_HEAD + s


def seeds_multipart(lits):
    for s in lits:
        if b"form-data" not in s:
            continue
        if s.startswith(b"multipart/"):
            yield s  # a Content-Type: the whole input goes to multipart_boundary
            continue
        first = s.split(b"\r\n", 1)[0]
        if not first.startswith(b"--"):
            continue
        boundary = first[2:]
        if boundary == b"XyZ":
            yield b"\x80" + s
            yield b"\xc0" + s  # small limits
        elif len(boundary) < 64:
            yield bytes([len(boundary)]) + boundary + s


def seeds_proxy(lits):
    for s in lits:
        if s.startswith(b"PROXY "):
            yield b"\x05" + s
    sig = b"\r\n\r\n\x00\r\nQUIT\n"

    def v2(ver_cmd, fam, body):
        return sig + bytes([ver_cmd, fam]) + struct.pack(">H", len(body)) + body

    tcp4 = bytes([203, 0, 113, 7, 127, 0, 0, 1]) + struct.pack(">HH", 40000, 8443)
    tcp6 = bytes(15) + b"\x01" + bytes(15) + b"\x01" + struct.pack(">HH", 40000, 8443)
    alpn = b"\x01" + struct.pack(">H", 2) + b"h2"
    authority = b"\x02" + struct.pack(">H", 11) + b"example.com"
    for body, fam in ((tcp4, 0x11), (tcp4 + alpn + authority, 0x11), (tcp6, 0x21), (bytes(216), 0x31)):
        yield b"\x00" + v2(0x21, fam, body) + b"\x16\x03\x01"
        yield b"\x03" + v2(0x21, fam, body)
    yield b"\x00" + v2(0x20, 0x00, b"")


def seeds_accept_encoding(lits):
    codings = re.compile(rb"^[a-z*][a-z0-9*;=., -]*$")  # a coding list's characters only
    cts = [b"text/html; charset=utf-8", b"application/json", b"image/png"]
    for s in lits:
        if len(s) < 80 and codings.match(s) and re.search(rb"gzip|br|deflate|zstd|identity|\*", s):
            for ct in cts:
                yield s + b"\x00" + ct


def seeds_static(lits):
    targets = [s for s in lits if s.startswith(b"/") and len(s) < 100 and b"\n" not in s][:40]
    ranges = [s for s in lits if s.startswith(b"bytes=")][:30]
    etags = [s for s in lits if re.match(rb'^(W/)?"[^"]*"(\s*,.*)?$', s)][:10]
    dates = [s for s in lits if re.match(rb"^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} ", s)][:10]
    for i, t in enumerate(targets):
        yield bytes([i * 8 & 0xFF]) + t + b"\n\n\n\n\ngzip, br"
    for i, r in enumerate(ranges):
        # bits 2-7: file size about 2^(i % 16 + 4)
        yield bytes([((i % 16 + 4) << 2) | 2 * (i & 1)]) + b"/a.txt\n" + r + b"\n\n\n\n"
    for e in etags:
        yield bytes([40]) + b"/a.txt\nbytes=0-9\n" + e + b"\n" + e + b"\n\n"
    for d in dates:
        yield bytes([40]) + b"/a.txt\nbytes=0-9\n" + d + b"\n\n" + d + b"\n"


def ws_frame(opcode, payload, fin=True, rsv1=False, mask=b"\x11\x22\x33\x44"):
    b0 = (0x80 if fin else 0) | (0x40 if rsv1 else 0) | opcode
    n = len(payload)
    if n < 126:
        head = bytes([b0, 0x80 | n if mask else n])
    elif n < 65536:
        head = bytes([b0, 0xFE if mask else 126]) + struct.pack(">H", n)
    else:
        head = bytes([b0, 0xFF if mask else 127]) + struct.pack(">Q", n)
    if not mask:
        return head + payload
    return head + mask + bytes(c ^ mask[i % 4] for i, c in enumerate(payload))


def deflate_raw(data):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    out = c.compress(data) + c.flush(zlib.Z_SYNC_FLUSH)
    return out[:-4]  # RFC 7692 7.2.1: without the final 00 00 ff ff


def seeds_websocket(lits):
    msgs = [b"Hello", b"hello world", "h\u00e9llo \u2603".encode(), b"x" * 200, b""]
    msgs += [s for s in lits if s.startswith(b"permessage-deflate")][:10]
    for m in msgs:
        server = ws_frame(1, m) + ws_frame(9, b"ping") + ws_frame(8, struct.pack(">H", 1000) + b"bye")
        client = ws_frame(2, m, mask=b"") + ws_frame(10, b"", mask=b"")
        frag = ws_frame(1, m[:2], fin=False) + ws_frame(9, b"") + ws_frame(0, m[2:])
        yield b"\x00" + server
        yield b"\x01" + client
        yield b"\x80\x03" + frag
        yield b"\x02" + ws_frame(1, deflate_raw(m), rsv1=True) + ws_frame(2, deflate_raw(m * 3), rsv1=True)
        yield b"\x7a" + ws_frame(1, deflate_raw(m), rsv1=True)  # no takeover, 15 bits, small limits
    for s in lits:
        if s.startswith(b"permessage-deflate"):
            yield b"\x00" + s  # the offer parser gets the bytes after the selector too


def seeds_ws_handshake(lits):
    keys = sorted({s for s in lits if len(s) == 24 and s.endswith(b"==")})[:10] or [b"dGhlIHNhbXBsZSBub25jZQ=="]
    protos = [s for s in lits if s.startswith((b"chat", b"superchat"))][:5] + [b"chat, superchat"]
    for i, key in enumerate(keys):
        base = [b"Host: server.example.com", b"Upgrade: websocket", b"Connection: keep-alive, Upgrade",
                b"Sec-WebSocket-Key: " + key, b"Sec-WebSocket-Version: 13",
                b"Sec-WebSocket-Protocol: " + protos[i % len(protos)],
                b"Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"]
        yield b"\x00" + b"\n".join(base)
        yield b"\x00" + b"\n".join(base[:4])  # no version: 426
        yield b"\x01" + b"\n".join(base[4:])  # extended CONNECT
        yield b"\x09" + b"websocket\n" + b"\n".join(base[4:6])


def seeds_response_fields(lits):
    fields = sorted({s for s in lits if re.match(rb"^[A-Za-z][A-Za-z0-9-]*: [^\r\n]+$", s) and len(s) < 120})
    groups = [fields[i:i + 4] for i in range(0, min(len(fields), 160), 4)]
    for i, g in enumerate(groups):
        head = b"\n".join(g)
        # flags: bits 0-4 cycle through complete/HEAD/as-given/Date/Alt-Svc, bits 5-7 the status
        yield bytes([(i * 37) & 0xFF]) + head + b"\x00hello"
        yield bytes([0x09]) + head + b"\nConnection: close\nContent-Length: 3\x00abc"


def quic_varint(v):
    if v < 64:
        return bytes([v])
    if v < 16384:
        return struct.pack(">H", 0x4000 | v)
    return struct.pack(">I", 0x80000000 | v)


def quic_long(ptype, version, dcid, scid, token=b"", payload_len=1180):
    first = 0xC0 | (ptype << 4) | 0x03
    hdr = bytes([first]) + struct.pack(">I", version) + bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid
    if ptype == 0:
        hdr += quic_varint(len(token)) + token
    hdr += quic_varint(payload_len + 4) + b"\x00\x00\x00\x01"
    return hdr + bytes(payload_len)


def seeds_quic(lits):
    client_dcid = bytes(range(8))
    scid = bytes(range(100, 108))
    ours = b"\x01\x00" + bytes(range(16))      # cid.h layout: format 1, reactor 0
    other = b"\x01\x03" + bytes(range(16))     # owned by reactor 3
    for mode in (0, 1):  # byte 0: routing context (see fuzz_quic.cc)
        m = bytes([mode])
        yield m + quic_long(0, 1, client_dcid, scid)                       # first Initial
        yield m + quic_long(0, 1, client_dcid, scid, token=b"\xb6" + bytes(40))  # Retry-token magic
        yield m + quic_long(0, 1, client_dcid, scid, token=b"\x36" + bytes(40))  # regular-token magic
        yield m + quic_long(0, 0xFF00001D, client_dcid, scid)              # draft-29: negotiate
        yield m + quic_long(0, 0x1A2A3A4A, client_dcid, scid)              # reserved version
        yield m + quic_long(2, 1, ours, scid, payload_len=40)              # Handshake, unknown conn
        yield m + bytes([0x40]) + ours + bytes(30)                         # short header, ours
        yield m + bytes([0x40]) + other + bytes(30)                        # short header, reactor 3
        yield m + bytes([0x40]) + client_dcid + bytes(30)                  # short, foreign CID
        yield m + b"\x80" + bytes(4) + bytes([8]) + client_dcid + bytes([8]) + scid + b"\x00\x00\x00\x01"  # VN


def seeds_ipc(lits):
    # The IPC frames are built by the real encoders (and so stay valid when the layout changes).
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "seed_ipc")
        subprocess.run(["clang++", "-std=c++17", "-O0", "-I" + os.path.join(ROOT, "include"),
                        os.path.join(ROOT, "src/ipc/frame.cc"), os.path.join(ROOT, "fuzz/seed_ipc.cc"),
                        "-o", exe], check=True)
        out = subprocess.run([exe], check=True, capture_output=True).stdout
    # seed_ipc writes u32 length + bytes per input.
    pos = 0
    while pos < len(out):
        (n,) = struct.unpack_from("<I", out, pos)
        yield out[pos + 4:pos + 4 + n]
        pos += 4 + n


TARGETS = {
    "fuzz_http1": seeds_http1,
    "fuzz_ipc": seeds_ipc,
    "fuzz_multipart": seeds_multipart,
    "fuzz_proxy": seeds_proxy,
    "fuzz_accept_encoding": seeds_accept_encoding,
    "fuzz_static": seeds_static,
    "fuzz_websocket": seeds_websocket,
    "fuzz_quic": seeds_quic,
    "fuzz_ws_handshake": seeds_ws_handshake,
    "fuzz_response_fields": seeds_response_fields,
}


def main():
    wanted = sys.argv[1:] or list(TARGETS)
    lits = all_literals()
    for t in wanted:
        d = os.path.join(CORPUS, t)
        os.makedirs(d, exist_ok=True)
        added = 0
        for s in TARGETS[t](lits):
            if not s or len(s) > 65536:
                continue
            path = os.path.join(d, hashlib.sha1(s).hexdigest())
            if not os.path.exists(path):
                with open(path, "wb") as f:
                    f.write(s)
                added += 1
        print(f"{t}: {added} new seeds, {len(os.listdir(d))} files")


if __name__ == "__main__":
    main()
