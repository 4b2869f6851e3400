--TEST--
Compression over HTTP/2 (h2c and h2 over TLS, curl) and HTTP/3 (h3load, with its -o body dump): gzip, br and zstd bodies decode byte-exact with the codec's own tool, with content-encoding, vary, a weak etag and the coded content-length; streamed write() bodies (no content-length); a coded body that ends with trailers (HTTP/2); a 10 MiB body over each protocol
--SKIPIF--
<?php
require __DIR__ . '/compression.inc';
require __DIR__ . '/../http3/h3.inc';
cz_skipif();
h3_skipif();
if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)');
?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(h3_cert_vars($c) . "\$TLS_PORT = $tls_port;\n" . cz_server_code('',
    "\$server->listen('127.0.0.1', \$TLS_PORT, ['ssl_cert_file' => \$CERT, 'ssl_key_file' => \$KEY, 'open_http3_protocol' => true]);"));
$h3load = __DIR__ . '/../../bench/h3load/h3load';

// The same shape as cz_fetch() for each protocol.
function fetch(string $proto, string $path, string $ae, array $extra = []): array {
    global $srv, $tls_port, $c, $h3load;
    if ($proto === 'h2c') return cz_fetch("http://127.0.0.1:{$srv->port}$path", array_merge(['--http2-prior-knowledge', '-H', "Accept-Encoding: $ae"], $extra));
    if ($proto === 'h2') {
        return cz_fetch("https://localhost:$tls_port$path", array_merge(['--http2', '--cacert', $c['cert'],
            '--resolve', "localhost:$tls_port:127.0.0.1", '-H', "Accept-Encoding: $ae"], $extra));
    }
    $file = tempnam(sys_get_temp_dir(), 'trident_cz_h3_');
    [$code, $out, $err] = trident_run([$h3load, '-n', '1', '-c', '1', '-T', '30', '-o', $file, '-H', "accept-encoding: $ae",
        "https://127.0.0.1:$tls_port$path"], null, 45);
    $r = ['code' => $code, 'status' => 0, 'h' => [], 'body' => (string)file_get_contents($file), 'err' => $err];
    foreach (explode("\n", (string)@file_get_contents("$file.headers")) as $line) {
        if (!str_contains($line, ': ')) continue;
        [$k, $v] = explode(': ', $line, 2);
        if ($k === ':status') $r['status'] = (int)$v;
        else $r['h'][$k][] = $v;
    }
    @unlink($file);
    @unlink("$file.headers");
    if ($r['status'] === 0) $r['status'] = "none (h3load exit $code: $out $err)";
    return $r;
}

$want = cz_body(20000);
foreach (['h2c', 'h2', 'h3'] as $proto) {
    foreach (['gzip', 'br', 'zstd'] as $coding) {
        $r = fetch($proto, '/json', $coding);
        echo "$proto $coding: ", cz_summary($r, $want), ", etag: ", cz_h($r, 'etag'), "\n";
    }
    $r = fetch($proto, '/json', 'identity');
    echo "$proto identity: ", cz_summary($r, $want), ", etag: ", cz_h($r, 'etag'), "\n";
    $r = fetch($proto, '/stream?n=300000', 'gzip');
    echo "$proto stream gzip: ", cz_summary($r, cz_body(300000)), "\n";
    $r = fetch($proto, '/stream?n=300000', 'zstd;q=0.5, br;q=0.4');
    echo "$proto stream zstd: ", cz_summary($r, cz_body(300000)), "\n";
}
// Trailers after a coded body (HTTP/2: curl shows them after the body's headers).
$r = fetch('h2c', '/trailers?n=50000', 'br');
echo "h2c trailers: ", cz_summary($r, cz_body(50000)), ", x-checksum matches: ", var_export(cz_h($r, 'x-checksum') === md5(cz_body(50000)), true), "\n";

$big = cz_body(10 << 20);
foreach (['h2c' => 'gzip', 'h2' => 'zstd', 'h3' => 'br'] as $proto => $coding) {
    $r = fetch($proto, '/json?n=' . (10 << 20), $coding);
    echo "10 MiB $proto $coding: ", cz_summary($r, $big), "\n";
}
$log = $srv->stop();
echo $log === '' ? "server log clean\n" : "server log:\n$log";
?>
--EXPECT--
h2c gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2c br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2c zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2c identity: 200 content-encoding: -, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, etag: "v1"
h2c stream gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h2c stream zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h2 gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2 br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2 zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h2 identity: 200 content-encoding: -, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, etag: "v1"
h2 stream gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h2 stream zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h3 gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h3 br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h3 zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true, etag: W/"v1"
h3 identity: 200 content-encoding: -, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, etag: "v1"
h3 stream gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h3 stream zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true
h2c trailers: 200 content-encoding: br, vary: Accept-Encoding, content-length: none, decoded byte-exact: true, coded/plain < 0.5: true, x-checksum matches: true
10 MiB h2c gzip: 200 content-encoding: gzip, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
10 MiB h2 zstd: 200 content-encoding: zstd, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
10 MiB h3 br: 200 content-encoding: br, vary: Accept-Encoding, content-length: matches the body, decoded byte-exact: true, coded/plain < 0.5: true
server log clean
