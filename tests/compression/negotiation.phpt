--TEST--
Compression negotiation and the cases left alone: Accept-Encoding q-values (br;q=1 vs gzip;q=0.5, identity;q=0, *, *;q=0, gzip;q=0 + br, unknown codings, bad weights, case), the server's preference order; HEAD, 204, 304, 206, below the minimum length, a handler's own Content-Encoding, a type not listed are not compressed; Vary merged with the handler's, a strong ETag made weak; custom types, order and minimum from the settings
--SKIPIF--
<?php require __DIR__ . '/compression.inc'; cz_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$srv = new TridentTestServer(cz_server_code());
$base = "http://127.0.0.1:{$srv->port}";

// One line per request: coding, Vary, ETag, and whether the body decodes to what was sent.
function line(string $label, array $r, string $want): string {
    $enc = cz_h($r, 'content-encoding');
    $exact = cz_decode($enc, $r['body']) === $want;
    return sprintf("%-28s %d content-encoding: %s, vary: %s%s, decoded byte-exact: %s\n", "$label:", $r['status'], $enc,
        cz_h($r, 'vary'), isset($r['h']['etag']) ? ', etag: ' . cz_h($r, 'etag') : '', var_export($exact, true));
}

echo "-- q-values (default order br, zstd, gzip)\n";
$want = cz_body(20000);
foreach (['br;q=1, gzip;q=0.5', 'gzip;q=1, br;q=0.5', 'gzip, br, zstd', 'zstd;q=0.9, gzip;q=0.9', 'identity;q=0', '*;q=0', '*',
          '*, br;q=0', 'gzip;q=0, br', 'gzip;q=0', 'lzma, deflate', 'GZIP', 'x-gzip', 'br;q=2', 'br;q=0.5555, gzip;q=0.1',
          ' zstd ; q=0.3 ,, gzip;q=0.2 '] as $ae) {
    echo line("'$ae'", cz_fetch("$base/typed?type=text/plain", ['-H', "Accept-Encoding: $ae"]), $want);
}
$r = cz_fetch("$base/typed?type=text/plain", ['-H', 'Accept-Encoding: gzip;q=0.1', '-H', 'Accept-Encoding: zstd;q=0.2']);
echo line('two fields', $r, $want);

echo "-- not compressed (Accept-Encoding: gzip, br, zstd)\n";
$all = ['-H', 'Accept-Encoding: gzip, br, zstd'];
$r = cz_fetch("$base/json", array_merge($all, ['-I']));
echo "HEAD: {$r['status']} content-encoding: ", cz_h($r, 'content-encoding'), ", vary: ", cz_h($r, 'vary'),
    ", content-length: ", cz_h($r, 'content-length'), ", etag: ", cz_h($r, 'etag'), "\n";
foreach ([204, 304] as $code) {
    $r = cz_fetch("$base/status?code=$code", $all);
    echo "$code: {$r['status']} content-encoding: ", cz_h($r, 'content-encoding'), ", vary: ", cz_h($r, 'vary'), ", body: ", strlen($r['body']), " bytes\n";
}
echo line('206 with Content-Range', cz_fetch("$base/status?code=206", $all), $want);
echo line('201', cz_fetch("$base/status?code=201", $all), $want);
echo line('404 (text/plain)', cz_fetch("$base/status?code=404", $all), $want);
echo line('1023 bytes', cz_fetch("$base/typed?type=text/plain&n=1023", $all), cz_body(1023));
echo line('1024 bytes', cz_fetch("$base/typed?type=text/plain&n=1024", $all), cz_body(1024));
echo line('0 bytes', cz_fetch("$base/typed?type=text/plain&n=0", $all), '');
$r = cz_fetch("$base/precoded", $all);
echo line("handler's gzip", $r, cz_body(20000));
foreach (['image/png', 'application/octet-stream', 'text/event-stream', 'application/json; charset=utf-8',
          'TEXT/CSS', 'application/ld+json', 'application/rss+xml', 'image/svg+xml', 'application/wasm', 'application/javascript'] as $type) {
    echo line($type, cz_fetch("$base/typed?type=" . urlencode($type), $all), $want);
}
echo line('default text/html', cz_fetch("$base/typed", $all), $want);

echo "-- the handler's Vary and ETag\n";
foreach (['vary=Cookie', 'vary=accept-encoding', 'vary=*', 'vary=Origin,%20Accept-Encoding', 'etag=%22x%22', 'etag=W/%22x%22'] as $qs) {
    echo line($qs, cz_fetch("$base/headers?n=3000&$qs", ['-H', 'Accept-Encoding: gzip']), cz_body(3000));
}
echo line('etag, identity chosen', cz_fetch("$base/headers?n=3000&etag=%22x%22", ['-H', 'Accept-Encoding: identity']), cz_body(3000));
$log = $srv->stop();

echo "-- settings: encodings [gzip, zstd], min length 100, types [application/x-custom, text/*], levels\n";
$srv = new TridentTestServer(cz_server_code("'http_compression_encodings' => ['gzip', 'zstd'], 'http_compression_min_length' => 100, " .
    "'http_compression_types' => ['application/x-custom', 'text/*'], 'http_compression_levels' => ['gzip' => 1, 'zstd' => 19]"));
$base = "http://127.0.0.1:{$srv->port}";
echo line("'br, gzip, zstd'", cz_fetch("$base/typed?type=text/plain", ['-H', 'Accept-Encoding: br, gzip, zstd']), $want);
echo line("'br'", cz_fetch("$base/typed?type=text/plain", ['-H', 'Accept-Encoding: br']), $want);
echo line("'zstd;q=0.5, gzip;q=0.4'", cz_fetch("$base/typed?type=text/plain", ['-H', 'Accept-Encoding: zstd;q=0.5, gzip;q=0.4']), $want);
echo line('99 bytes', cz_fetch("$base/typed?type=text/plain&n=99", ['-H', 'Accept-Encoding: gzip']), cz_body(99));
echo line('100 bytes', cz_fetch("$base/typed?type=text/plain&n=100", ['-H', 'Accept-Encoding: gzip']), cz_body(100));
echo line('application/x-custom', cz_fetch("$base/typed?type=application/x-custom", ['-H', 'Accept-Encoding: gzip']), $want);
echo line('application/json', cz_fetch("$base/typed?type=application/json", ['-H', 'Accept-Encoding: gzip']), $want);
// Level 1 and level 9 differ: level 1 (this server) is larger than PHP's gzencode at level 9.
$r = cz_fetch("$base/typed?type=text/plain&n=200000", ['-H', 'Accept-Encoding: gzip']);
echo "gzip level 1 larger than level 9: ", var_export(strlen($r['body']) > strlen(gzencode(cz_body(200000), 9)), true), "\n";
$log .= $srv->stop();
$srv = new TridentTestServer(cz_server_code("'http_compression' => false"));
echo line('http_compression false', cz_fetch("http://127.0.0.1:{$srv->port}/json", ['-H', 'Accept-Encoding: gzip, br, zstd']), $want);
$log .= $srv->stop();
echo $log === '' ? "server logs clean\n" : "server log:\n$log";
?>
--EXPECT--
-- q-values (default order br, zstd, gzip)
'br;q=1, gzip;q=0.5':        200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
'gzip;q=1, br;q=0.5':        200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
'gzip, br, zstd':            200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
'zstd;q=0.9, gzip;q=0.9':    200 content-encoding: zstd, vary: Accept-Encoding, decoded byte-exact: true
'identity;q=0':              200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'*;q=0':                     200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'*':                         200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
'*, br;q=0':                 200 content-encoding: zstd, vary: Accept-Encoding, decoded byte-exact: true
'gzip;q=0, br':              200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
'gzip;q=0':                  200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'lzma, deflate':             200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'GZIP':                      200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
'x-gzip':                    200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
'br;q=2':                    200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'br;q=0.5555, gzip;q=0.1':   200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
' zstd ; q=0.3 ,, gzip;q=0.2 ': 200 content-encoding: zstd, vary: Accept-Encoding, decoded byte-exact: true
two fields:                  200 content-encoding: zstd, vary: Accept-Encoding, decoded byte-exact: true
-- not compressed (Accept-Encoding: gzip, br, zstd)
HEAD: 200 content-encoding: -, vary: -, content-length: 20000, etag: "v1"
204: 204 content-encoding: -, vary: -, body: 0 bytes
304: 304 content-encoding: -, vary: -, body: 0 bytes
206 with Content-Range:      206 content-encoding: -, vary: -, decoded byte-exact: true
201:                         201 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
404 (text/plain):            404 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
1023 bytes:                  200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
1024 bytes:                  200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
0 bytes:                     200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
handler's gzip:              200 content-encoding: gzip, vary: -, decoded byte-exact: true
image/png:                   200 content-encoding: -, vary: -, decoded byte-exact: true
application/octet-stream:    200 content-encoding: -, vary: -, decoded byte-exact: true
text/event-stream:           200 content-encoding: -, vary: -, decoded byte-exact: true
application/json; charset=utf-8: 200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
TEXT/CSS:                    200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
application/ld+json:         200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
application/rss+xml:         200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
image/svg+xml:               200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
application/wasm:            200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
application/javascript:      200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
default text/html:           200 content-encoding: br, vary: Accept-Encoding, decoded byte-exact: true
-- the handler's Vary and ETag
vary=Cookie:                 200 content-encoding: gzip, vary: Cookie, Accept-Encoding, decoded byte-exact: true
vary=accept-encoding:        200 content-encoding: gzip, vary: accept-encoding, decoded byte-exact: true
vary=*:                      200 content-encoding: gzip, vary: *, decoded byte-exact: true
vary=Origin,%20Accept-Encoding: 200 content-encoding: gzip, vary: Origin, Accept-Encoding, decoded byte-exact: true
etag=%22x%22:                200 content-encoding: gzip, vary: Accept-Encoding, etag: W/"x", decoded byte-exact: true
etag=W/%22x%22:              200 content-encoding: gzip, vary: Accept-Encoding, etag: W/"x", decoded byte-exact: true
etag, identity chosen:       200 content-encoding: -, vary: Accept-Encoding, etag: "x", decoded byte-exact: true
-- settings: encodings [gzip, zstd], min length 100, types [application/x-custom, text/*], levels
'br, gzip, zstd':            200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
'br':                        200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
'zstd;q=0.5, gzip;q=0.4':    200 content-encoding: zstd, vary: Accept-Encoding, decoded byte-exact: true
99 bytes:                    200 content-encoding: -, vary: Accept-Encoding, decoded byte-exact: true
100 bytes:                   200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
application/x-custom:        200 content-encoding: gzip, vary: Accept-Encoding, decoded byte-exact: true
application/json:            200 content-encoding: -, vary: -, decoded byte-exact: true
gzip level 1 larger than level 9: true
http_compression false:      200 content-encoding: -, vary: -, etag: "v1", decoded byte-exact: true
server logs clean
