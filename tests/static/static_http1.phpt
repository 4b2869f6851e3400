--TEST--
Static file handler over HTTP/1.1: exact responses (200, HEAD, 304 by If-None-Match and If-Modified-Since, 206 in three forms, If-Range match and mismatch, 416, several ranges as 200), index files, MIME types (built-in and /etc/mime.types), precompressed siblings by Accept-Encoding; a 5 MiB file byte-exact; PHP answers everything not served (missing, directories without index, POST, query-only differences are ignored); stats and metrics counters
--SKIPIF--
<?php require __DIR__ . '/static.inc'; trident_test_skipif(['curl', 'brotli', 'zstd', 'mkfifo']); ?>
--FILE--
<?php
require __DIR__ . '/static.inc';
[$root, $outside, $base] = static_make_root();
$mport = trident_free_port();
$srv = new TridentTestServer(static_server_code($root, ['metrics' => "127.0.0.1:$mport"]));
$p = $srv->port;
$etags = [];
foreach (['one.bin', 'index.html', 'sub/index.html', 'app.js', 'app.js.br', 'app.js.gz', 'app.js.zst', 'empty.txt', 'a b.txt'] as $f) $etags[static_etag("$root/$f")] = "ETAG($f)";
$show = function (string $raw) use ($etags) {
    $pos = strpos($raw, "\r\n\r\n");
    $head = strtr(substr($raw, 0, $pos), $etags);
    $body = substr($raw, $pos + 4);
    $printable = preg_match('/^[\x20-\x7e\n]*$/', $body) ? $body : 'sha256:' . substr(hash('sha256', $body), 0, 16) . ' len ' . strlen($body);
    echo str_replace("\r\n", "\n", $head), "\n\n", $printable, "\n-----\n";
};
$one = file_get_contents("$root/one.bin");
$lm = 'Tue, 14 Nov 2023 22:13:20 GMT';

echo "== 200 and HEAD\n";
$show(static_raw($p, '/one.bin'));
$show(static_raw($p, '/one.bin', [], 'HEAD'));
$show(static_raw($p, '/'));
$show(static_raw($p, '/sub/'));
$show(static_raw($p, '/empty.txt'));
$show(static_raw($p, '/a%20b.txt?query=ignored'));
echo "== conditionals\n";
$etag = static_etag("$root/one.bin");
$show(static_raw($p, '/one.bin', ["If-None-Match: \"nope\", $etag"]));
$show(static_raw($p, '/one.bin', ["If-None-Match: W/$etag"]));
$show(static_raw($p, '/one.bin', ['If-None-Match: "other"', "If-Modified-Since: $lm"]));  // INM wins: 200
$show(static_raw($p, '/one.bin', ["If-Modified-Since: $lm"]));
$show(static_raw($p, '/one.bin', ['If-Modified-Since: Tue, 14 Nov 2023 22:13:19 GMT']));
echo "== ranges\n";
foreach (['bytes=0-9', 'bytes=1000-', 'bytes=-24', 'bytes=1000-5000', 'bytes=-5000'] as $r) {
    $raw = static_raw($p, '/one.bin', ["Range: $r"]);
    $show($raw);
    [, $h, $body] = trident_parse_response($raw);
    preg_match('#bytes (\d+)-(\d+)/1024#', $h['content-range'], $m);
    echo "$r body matches the file: ", var_export($body === substr($one, (int)$m[1], (int)$m[2] - (int)$m[1] + 1), true), "\n";
}
$show(static_raw($p, '/one.bin', ['Range: bytes=1024-']));
$show(static_raw($p, '/one.bin', ['Range: bytes=-0']));
$show(static_raw($p, '/one.bin', ['Range: bytes=0-1,5-6']));      // several: 200, the whole
$show(static_raw($p, '/one.bin', ['Range: bytes=9-1']));          // invalid: ignored
$show(static_raw($p, '/one.bin', ['Range: items=0-1']));          // other unit: ignored
$show(static_raw($p, '/one.bin', ['Range: bytes=0-3', "If-Range: $etag"]));
$show(static_raw($p, '/one.bin', ['Range: bytes=0-3', 'If-Range: "stale"']));
$show(static_raw($p, '/one.bin', ['Range: bytes=0-3', "If-Range: $lm"]));
$show(static_raw($p, '/one.bin', ['Range: bytes=0-3', 'If-Range: Mon, 13 Nov 2023 22:13:20 GMT']));
$show(static_raw($p, '/one.bin', ['Range: bytes=0-3'], 'HEAD'));
echo "== types\n";
foreach (['style.css', 'app.js', 'data.json', 'pic.svg', 'doc.odt', 'blob.unknownext', 'index.html'] as $f) {
    [$s, $h] = trident_parse_response(static_raw($p, "/$f"));
    echo "$f: $s {$h['content-type']}\n";
}
echo "== precompressed\n";
foreach (['br', 'gzip', 'zstd', 'gzip;q=0.5, br;q=0', 'br;q=0, zstd;q=0, *;q=0.1', 'identity', 'br;q=0, gzip;q=0, zstd;q=0, *', '*;q=0'] as $ae) {
    $raw = static_raw($p, '/app.js', ["Accept-Encoding: $ae"]);
    [$s, $h, $body] = trident_parse_response($raw);
    $served = match ($h['content-encoding'] ?? '') { 'br' => 'app.js.br', 'gzip' => 'app.js.gz', 'zstd' => 'app.js.zst', '' => 'app.js' };
    echo "$ae: $s encoding=", $h['content-encoding'] ?? '-', ' vary=', $h['vary'] ?? '-', ' etag=', strtr($h['etag'], $etags),
        ' length=', var_export((int)$h['content-length'] === strlen(file_get_contents("$root/$served")), true), ' exact=', var_export($body === file_get_contents("$root/$served"), true), "\n";
}
[$code, $out] = trident_curl(['--compressed', '-H', 'Accept-Encoding: gzip', $srv->url('/app.js')]);
echo "curl --compressed gzip: ", var_export($out === file_get_contents("$root/app.js"), true), "\n";
echo "== big file\n";
[$code, $out] = trident_curl([$srv->url('/big.bin')]);
echo "big.bin: ", strlen($out), ' ', var_export(hash('sha256', $out) === hash_file('sha256', "$root/big.bin"), true), "\n";
[$code, $out] = trident_curl(['-r', '1000000-3999999', $srv->url('/big.bin')]);
echo "big.bin range: ", strlen($out), ' ', var_export($out === substr(file_get_contents("$root/big.bin"), 1000000, 3000000), true), "\n";
echo "== PHP answers the rest\n";
foreach (['/missing.txt', '/noidx/', '/noidx', '/sub', '/one.bin/', '/index.html/x'] as $t) echo "$t: ", static_brief($p, $t), "\n";
[$code, $out] = trident_curl(['-X', 'POST', '-d', 'x=1', $srv->url('/one.bin')]);
echo "POST /one.bin: $out";
[$code, $out] = trident_curl(['-X', 'DELETE', $srv->url('/one.bin')]);
echo "DELETE /one.bin: $out";
// Keep-alive: static and PHP responses interleaved on one connection (curl reuses it).
[$code, $out] = trident_curl(['-s', $srv->url('/index.html'), $srv->url('/missing'), $srv->url('/style.css')]);
echo "keep-alive: ", str_replace("\n", '|', $out), "\n";
echo "== counters\n";
$counters = function () use ($srv, $mport) {
    preg_match('/static_hit_count=(\d+) static_bytes=(\d+)/', trident_curl([$srv->url('/stats')])[1], $s);
    preg_match('/^trident_static_hits_total (\d+)$/m', trident_curl(["http://127.0.0.1:$mport/metrics"])[1], $h);
    preg_match('/^trident_static_bytes_total (\d+)$/m', trident_curl(["http://127.0.0.1:$mport/metrics"])[1], $b);
    return [(int)$s[1], (int)$s[2], (int)$h[1], (int)$b[1]];
};
$before = $counters();
trident_curl([$srv->url('/one.bin'), $srv->url('/big.bin'), $srv->url('/missing'), $srv->url('/one.bin')], 30);
static_raw($p, '/one.bin', ["If-None-Match: $etag"]);
$after = $counters();
echo "stats: hits +", $after[0] - $before[0], " bytes +", $after[1] - $before[1], "\n";
echo "metrics: hits +", $after[2] - $before[2], " bytes +", $after[3] - $before[3], "\n";
$srv->stop();
static_rm($base);
?>
--EXPECT--
== 200 and HEAD
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close


-----
HTTP/1.1 200 OK
Content-Type: text/html
ETag: ETAG(index.html)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 15
Connection: close

<h1>index</h1>

-----
HTTP/1.1 200 OK
Content-Type: text/html
ETag: ETAG(sub/index.html)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 17
Connection: close

<p>sub index</p>

-----
HTTP/1.1 200 OK
Content-Type: text/plain
ETag: ETAG(empty.txt)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 0
Connection: close


-----
HTTP/1.1 200 OK
Content-Type: text/plain
ETag: ETAG(a b.txt)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 6
Connection: close

space

-----
== conditionals
HTTP/1.1 304 Not Modified
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Date: -
Connection: close


-----
HTTP/1.1 304 Not Modified
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Date: -
Connection: close


-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 304 Not Modified
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Date: -
Connection: close


-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
== ranges
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 0-9/1024
Accept-Ranges: bytes
Date: -
Content-Length: 10
Connection: close

sha256:a4dc2b64f6f3a558 len 10
-----
bytes=0-9 body matches the file: true
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 1000-1023/1024
Accept-Ranges: bytes
Date: -
Content-Length: 24
Connection: close

sha256:d5a5673013e5327e len 24
-----
bytes=1000- body matches the file: true
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 1000-1023/1024
Accept-Ranges: bytes
Date: -
Content-Length: 24
Connection: close

sha256:d5a5673013e5327e len 24
-----
bytes=-24 body matches the file: true
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 1000-1023/1024
Accept-Ranges: bytes
Date: -
Content-Length: 24
Connection: close

sha256:d5a5673013e5327e len 24
-----
bytes=1000-5000 body matches the file: true
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 0-1023/1024
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
bytes=-5000 body matches the file: true
HTTP/1.1 416 Range Not Satisfiable
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes */1024
Date: -
Content-Length: 0
Connection: close


-----
HTTP/1.1 416 Range Not Satisfiable
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes */1024
Date: -
Content-Length: 0
Connection: close


-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 0-3/1024
Accept-Ranges: bytes
Date: -
Content-Length: 4
Connection: close

sha256:659e55c16c9a2aaf len 4
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 206 Partial Content
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Content-Range: bytes 0-3/1024
Accept-Ranges: bytes
Date: -
Content-Length: 4
Connection: close

sha256:659e55c16c9a2aaf len 4
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close

sha256:490328363851bcc9 len 1024
-----
HTTP/1.1 200 OK
Content-Type: application/octet-stream
ETag: ETAG(one.bin)
Last-Modified: Tue, 14 Nov 2023 22:13:20 GMT
Accept-Ranges: bytes
Date: -
Content-Length: 1024
Connection: close


-----
== types
style.css: 200 text/css
app.js: 200 text/javascript
data.json: 200 application/json
pic.svg: 200 image/svg+xml
doc.odt: 200 application/vnd.oasis.opendocument.text
blob.unknownext: 200 application/octet-stream
index.html: 200 text/html
== precompressed
br: 200 encoding=br vary=Accept-Encoding etag=ETAG(app.js.br) length=true exact=true
gzip: 200 encoding=gzip vary=Accept-Encoding etag=ETAG(app.js.gz) length=true exact=true
zstd: 200 encoding=zstd vary=Accept-Encoding etag=ETAG(app.js.zst) length=true exact=true
gzip;q=0.5, br;q=0: 200 encoding=gzip vary=Accept-Encoding etag=ETAG(app.js.gz) length=true exact=true
br;q=0, zstd;q=0, *;q=0.1: 200 encoding=gzip vary=Accept-Encoding etag=ETAG(app.js.gz) length=true exact=true
identity: 200 encoding=- vary=- etag=ETAG(app.js) length=true exact=true
br;q=0, gzip;q=0, zstd;q=0, *: 200 encoding=- vary=- etag=ETAG(app.js) length=true exact=true
*;q=0: 200 encoding=- vary=- etag=ETAG(app.js) length=true exact=true
curl --compressed gzip: true
== big file
big.bin: 5242880 true
big.bin range: 3000000 true
== PHP answers the rest
/missing.txt: 404 PHP php: GET /missing.txt
/noidx/: 404 PHP php: GET /noidx/
/noidx: 404 PHP php: GET /noidx
/sub: 404 PHP php: GET /sub
/one.bin/: 404 PHP php: GET /one.bin/
/index.html/x: 404 PHP php: GET /index.html/x
POST /one.bin: php: POST /one.bin
DELETE /one.bin: php: DELETE /one.bin
keep-alive: <h1>index</h1>|php: GET /missing|body { color: red }|
== counters
stats: hits +4 bytes +5244928
metrics: hits +4 bytes +5244928