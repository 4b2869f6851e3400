--TEST--
Compression over HTTP/1.1: gzip, br and zstd each decode byte-exact with the codec's own tool (gzip -d, brotli -d, zstd -d), with Content-Encoding, Vary: Accept-Encoding, a weak ETag and the coded Content-Length; curl --compressed gets the server's first choice; streamed write() bodies and sendfile() of a compressible file are coded and chunked; a 10 MiB body; stats() counts the compressed responses by coding
--SKIPIF--
<?php require __DIR__ . '/compression.inc'; cz_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$srv = new TridentTestServer(cz_server_code());
$base = "http://127.0.0.1:{$srv->port}";
$want = cz_body(20000);

foreach (['gzip', 'br', 'zstd'] as $coding) {
    $r = cz_fetch("$base/json", ['-H', "Accept-Encoding: $coding"]);
    echo "$coding: ", cz_summary($r, $want), ", etag: ", cz_h($r, 'etag'), "\n";
}
// Without Accept-Encoding: the body as it is, still with Vary (it is a candidate), the strong ETag.
$r = cz_fetch("$base/json");
echo "none: ", cz_summary($r, $want), ", etag: ", cz_h($r, 'etag'), "\n";
$r = cz_fetch("$base/json", ['-H', 'Accept-Encoding: identity']);
echo "identity: ", cz_summary($r, $want), ", etag: ", cz_h($r, 'etag'), "\n";

// curl --compressed (it offers deflate, gzip, br, zstd): br, decoded by curl itself.
$r = cz_fetch("$base/json", ['--compressed']);
echo "--compressed: content-encoding ", cz_h($r, 'content-encoding'), ", curl decoded byte-exact: ", var_export($r['body'] === $want, true), "\n";

// Streamed: write() pieces of 8191 bytes, flushed each time; no Content-Length, chunked.
foreach (['gzip', 'br', 'zstd'] as $coding) {
    $r = cz_fetch("$base/stream?n=300000", ['-H', "Accept-Encoding: $coding", '--raw']);
    $raw = $r['body'];
    // --raw keeps the chunked framing: undo it here, to be sure the wire had chunks.
    $plain = '';
    $chunks = 0;
    while (preg_match('/\G([0-9a-f]+)\r\n/A', $raw, $m, 0, 0)) {
        $len = hexdec($m[1]);
        $chunks++;
        $plain .= substr($raw, strlen($m[0]), $len);
        $raw = substr($raw, strlen($m[0]) + $len + 2);
        if ($len === 0) break;
    }
    $r['body'] = $plain;
    echo "stream $coding: ", cz_summary($r, cz_body(300000)), ", transfer-encoding: ", cz_h($r, 'transfer-encoding'),
        ", chunks > 10: ", var_export($chunks > 10, true), "\n";
}

// A handler's own Content-Length is replaced by the coded length.
$r = cz_fetch("$base/headers?n=5000", ['-H', 'Accept-Encoding: gzip']);
echo "handler length: ", cz_summary($r, cz_body(5000)), "\n";

// sendfile(): a .json file is coded as it is read (its Content-Length dropped, chunked); a .png
// file goes out as it is, with its length.
$json = sys_get_temp_dir() . '/trident_cz_' . getmypid() . '.json';
$png = sys_get_temp_dir() . '/trident_cz_' . getmypid() . '.png';
file_put_contents($json, cz_body(200000));
file_put_contents($png, cz_body(200000));
$r = cz_fetch("$base/file?path=" . urlencode($json), ['-H', 'Accept-Encoding: zstd']);
echo "sendfile .json: ", cz_summary($r, cz_body(200000)), ", content-type: ", cz_h($r, 'content-type'), "\n";
$r = cz_fetch("$base/file?path=" . urlencode($png), ['-H', 'Accept-Encoding: zstd']);
echo "sendfile .png: ", cz_summary($r, cz_body(200000)), ", content-type: ", cz_h($r, 'content-type'), "\n";
unlink($json);
unlink($png);

// 10 MiB, each coding, through curl --compressed's decoder and through the tools.
$big = cz_body(10 << 20);
foreach (['gzip', 'br', 'zstd'] as $coding) {
    $r = cz_fetch("$base/json?n=" . (10 << 20), ['-H', "Accept-Encoding: $coding"]);
    echo "10 MiB $coding: ", cz_summary($r, $big), "\n";
}
$r = cz_fetch("$base/json?n=" . (10 << 20), ['--compressed']);
echo "10 MiB --compressed: ", cz_h($r, 'content-encoding'), ", byte-exact: ", var_export($r['body'] === $big, true), "\n";
echo "stats: ", cz_fetch("$base/stats", ['-H', 'Accept-Encoding: gzip'])['body'], "\n";
$log = $srv->stop();
echo $log === '' ? "server log clean\n" : "server log:\n$log";
?>
--EXPECT--
gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
none: 200 content-encoding: -, vary: -, content-length: matches the body, decoded byte-exact: true, etag: "v1"
identity: 200 content-encoding: -, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, etag: "v1"
--compressed: content-encoding br, curl decoded byte-exact: true
stream gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true, transfer-encoding: chunked, chunks > 10: true
stream br: 200 content-encoding: br, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true, transfer-encoding: chunked, chunks > 10: true
stream zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true, transfer-encoding: chunked, chunks > 10: true
handler length: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
sendfile .json: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true, content-type: application/json
sendfile .png: 200 content-encoding: -, vary: -, content-length: matches the body, decoded byte-exact: true, content-type: image/png
10 MiB gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
10 MiB br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
10 MiB zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
10 MiB --compressed: br, byte-exact: true
stats: gzip 4 br 5 zstd 4 all 13 bytes in > out: true
server log clean
