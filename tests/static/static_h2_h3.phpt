--TEST--
Static file handler over h2c (curl), h2 over TLS (curl and nghttp) and HTTP/3 (gtlsclient): byte-exact 1 KiB and 5 MiB files (sha256), exact header sets, 304, 206 in three forms, If-Range, 416, HEAD, index file, precompressed sibling, PHP answering what is not served; all on one server whose TLS listener also speaks HTTP/1.1
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl', 'nghttp', 'brotli', 'zstd', 'mkfifo']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
require __DIR__ . '/static.inc';
[$root, $outside, $base] = static_make_root();
$c = tls_certs();
$tls_port = trident_free_port();
$code = str_replace('$server->on(', "\$server->listen('127.0.0.1', \$TLS_PORT, ['ssl_cert_file' => \$CERT, 'ssl_key_file' => \$KEY, 'open_http3_protocol' => true]);\n\$server->on(",
    static_server_code($root, ['open_http2_protocol' => true], h3_cert_vars($c) . "\$TLS_PORT = $tls_port;\n"));
$srv = new TridentTestServer($code);
$p = $srv->port;
$etags = [];
foreach (['one.bin', 'index.html', 'app.js.br', 'big.bin'] as $f) $etags[static_etag("$root/$f")] = "ETAG($f)";
$etag = static_etag("$root/one.bin");
$one = file_get_contents("$root/one.bin");
$bigsum = hash_file('sha256', "$root/big.bin");
$keep = '/^(HTTP\/\S+ \d+|content-type|content-length|content-range|content-encoding|vary|etag|last-modified|accept-ranges|x-php):?/i';
$heads = function (string $dump) use ($etags, $keep) {
    $out = [];
    foreach (preg_split('/\r?\n/', trim($dump)) as $line) {
        if (!preg_match($keep, $line)) continue;
        if (preg_match('/^([\w-]+):\s*(.*)$/', $line, $m)) $line = strtolower($m[1]) . ': ' . $m[2];
        $out[] = strtr(preg_replace('/^content-length: ' . filesize($GLOBALS['root'] . '/app.js.br') . '$/', 'content-length: LEN(app.js.br)', $line), $etags);
    }
    return implode("\n", $out);
};
$tmp = "$base/dl";
mkdir($tmp);
foreach (['h2c' => ['--http2-prior-knowledge', "http://127.0.0.1:$p"],
          'h2' => ['--http2', '--cacert', $c['cert'], '--resolve', "localhost:$tls_port:127.0.0.1", "https://localhost:$tls_port"],
          'h1 over TLS' => ['--http1.1', '--cacert', $c['cert'], '--resolve', "localhost:$tls_port:127.0.0.1", "https://localhost:$tls_port"]] as $name => $args) {
    $url = array_pop($args);
    $curl = fn(string $path, array $extra = []) => trident_curl([...$args, ...$extra, '-D', "$tmp/h", '-o', "$tmp/b", "$url$path"]);
    $show = function (string $what, string $path, array $extra = []) use ($curl, $heads, $tmp) {
        $curl($path, $extra);
        $body = (string)@file_get_contents("$tmp/b");
        echo "$what:\n", $heads((string)file_get_contents("$tmp/h")), "\n";
        if ($body === file_get_contents($GLOBALS['root'] . '/app.js.br')) echo "body: = app.js.br\n";
        elseif (!in_array('-I', $extra, true)) echo "body: ", preg_match('/^[\x20-\x7e\n]{0,64}$/', $body) ? trim($body) : 'sha256 ' . substr(hash('sha256', $body), 0, 12), "\n";
        @unlink("$tmp/b");
        return $body;
    };
    echo "=== $name\n";
    $show('GET /one.bin', '/one.bin');
    $curl('/big.bin');
    echo "big.bin: ", filesize("$tmp/b"), ' ', var_export(hash_file('sha256', "$tmp/b") === $bigsum, true), "\n";
    $show('HEAD /one.bin', '/one.bin', ['-I']);
    $show('If-None-Match', '/one.bin', ['-H', "If-None-Match: $etag"]);
    $show('If-Modified-Since', '/one.bin', ['-H', 'If-Modified-Since: Tue, 14 Nov 2023 22:13:20 GMT']);
    foreach (['10-19', '1000-', '-24'] as $r) {
        $body = $show("Range $r", '/one.bin', ['-r', $r]);
        echo "  exact: ", var_export(in_array($body, [substr($one, 10, 10), substr($one, 1000)], true), true), "\n";
    }
    $show('If-Range match', '/one.bin', ['-r', '0-3', '-H', "If-Range: $etag"]);
    $show('If-Range mismatch', '/one.bin', ['-r', '0-3', '-H', 'If-Range: "old"']);
    $show('416', '/one.bin', ['-r', '5000-']);
    $show('index', '/');
    $show('br sibling', '/app.js', ['-H', 'Accept-Encoding: br']);
    $show('PHP', '/missing');
}

echo "=== h2 nghttp\n";
[$rc, $out] = trident_run(['nghttp', '-v', "https://127.0.0.1:$tls_port/one.bin", '-H', 'range: bytes=0-9'], null, 20);
preg_match_all('/^\s*\[\s*[\d.]+\] recv \(stream_id=\d+\) ((?::status|content-range|content-length|etag): .*)$/m', $out, $m);
echo strtr(implode("\n", $m[1]), $etags), "\n";
[$rc, $body] = trident_run(['nghttp', "https://127.0.0.1:$tls_port/big.bin"], null, 30);
echo "nghttp big.bin: ", strlen($body), ' ', var_export(hash('sha256', $body) === $bigsum, true), "\n";

echo "=== h3\n";
$dl = "$base/h3";
mkdir($dl);
$r = h3_client($tls_port, ['/one.bin', '/big.bin', '/', '/missing'], ["--download=$dl"]);
foreach ($r['streams'] as $id => $s) {
    $hs = [];
    foreach ($s['headers'] as [$n, $v]) if (preg_match($keep, "$n:")) $hs[] = "$n: " . strtr($v, $etags);
    echo "stream $id: {$s['status']} body {$s['body']} close {$s['close']}\n  ", implode("\n  ", $hs), "\n";
}
echo "one.bin exact: ", var_export(@file_get_contents("$dl/one.bin") === $one, true), "\n";
echo "big.bin exact: ", var_export(hash_file('sha256', "$dl/big.bin") === $bigsum, true), "\n";
$r = h3_client($tls_port, ['/one.bin'], ['-m', 'HEAD']);
foreach ($r['streams'] as $s) echo "HEAD: {$s['status']} body {$s['body']} length ", h3_header($s, 'content-length'), "\n";
echo preg_replace('/ static_bytes=\d+/', '', trident_curl([$srv->url('/stats')])[1]), "\n";
$srv->stop();
static_rm($base);
?>
--EXPECT--
=== h2c
GET /one.bin:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
big.bin: 5242880 true
HEAD /one.bin:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
If-None-Match:
HTTP/2 304 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
If-Modified-Since:
HTTP/2 304 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
Range 10-19:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 10-19/1024
accept-ranges: bytes
content-length: 10
body: sha256 1a988b4ffca5
  exact: true
Range 1000-:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
Range -24:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
If-Range match:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 0-3/1024
accept-ranges: bytes
content-length: 4
body: sha256 659e55c16c9a
If-Range mismatch:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
416:
HTTP/2 416 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes */1024
content-length: 0
body: 
index:
HTTP/2 200 
content-type: text/html
etag: ETAG(index.html)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 15
body: <h1>index</h1>
br sibling:
HTTP/2 200 
content-type: text/javascript
content-encoding: br
vary: Accept-Encoding
etag: ETAG(app.js.br)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: LEN(app.js.br)
body: = app.js.br
PHP:
HTTP/2 404 
x-php: 1
content-type: text/html
content-length: 18
body: php: GET /missing
=== h2
GET /one.bin:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
big.bin: 5242880 true
HEAD /one.bin:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
If-None-Match:
HTTP/2 304 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
If-Modified-Since:
HTTP/2 304 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
Range 10-19:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 10-19/1024
accept-ranges: bytes
content-length: 10
body: sha256 1a988b4ffca5
  exact: true
Range 1000-:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
Range -24:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
If-Range match:
HTTP/2 206 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 0-3/1024
accept-ranges: bytes
content-length: 4
body: sha256 659e55c16c9a
If-Range mismatch:
HTTP/2 200 
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
416:
HTTP/2 416 
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes */1024
content-length: 0
body: 
index:
HTTP/2 200 
content-type: text/html
etag: ETAG(index.html)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 15
body: <h1>index</h1>
br sibling:
HTTP/2 200 
content-type: text/javascript
content-encoding: br
vary: Accept-Encoding
etag: ETAG(app.js.br)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: LEN(app.js.br)
body: = app.js.br
PHP:
HTTP/2 404 
x-php: 1
content-type: text/html
content-length: 18
body: php: GET /missing
=== h1 over TLS
GET /one.bin:
HTTP/1.1 200 OK
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
big.bin: 5242880 true
HEAD /one.bin:
HTTP/1.1 200 OK
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
If-None-Match:
HTTP/1.1 304 Not Modified
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
If-Modified-Since:
HTTP/1.1 304 Not Modified
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
body: 
Range 10-19:
HTTP/1.1 206 Partial Content
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 10-19/1024
accept-ranges: bytes
content-length: 10
body: sha256 1a988b4ffca5
  exact: true
Range 1000-:
HTTP/1.1 206 Partial Content
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
Range -24:
HTTP/1.1 206 Partial Content
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 1000-1023/1024
accept-ranges: bytes
content-length: 24
body: sha256 d5a5673013e5
  exact: true
If-Range match:
HTTP/1.1 206 Partial Content
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes 0-3/1024
accept-ranges: bytes
content-length: 4
body: sha256 659e55c16c9a
If-Range mismatch:
HTTP/1.1 200 OK
content-type: application/octet-stream
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 1024
body: sha256 490328363851
416:
HTTP/1.1 416 Range Not Satisfiable
etag: ETAG(one.bin)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
content-range: bytes */1024
content-length: 0
body: 
index:
HTTP/1.1 200 OK
content-type: text/html
etag: ETAG(index.html)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: 15
body: <h1>index</h1>
br sibling:
HTTP/1.1 200 OK
content-type: text/javascript
content-encoding: br
vary: Accept-Encoding
etag: ETAG(app.js.br)
last-modified: Tue, 14 Nov 2023 22:13:20 GMT
accept-ranges: bytes
content-length: LEN(app.js.br)
body: = app.js.br
PHP:
HTTP/1.1 404 Not Found
x-php: 1
content-type: text/html
content-length: 18
body: php: GET /missing
=== h2 nghttp
:status: 206
etag: ETAG(one.bin)
content-range: bytes 0-9/1024
content-length: 10
nghttp big.bin: 5242880 true
=== h3
stream 0: 200 body 1024 close 256
  content-type: application/octet-stream
  etag: ETAG(one.bin)
  last-modified: Tue, 14 Nov 2023 22:13:20 GMT
  accept-ranges: bytes
  content-length: 1024
stream 4: 200 body 5242880 close 256
  content-type: application/octet-stream
  etag: ETAG(big.bin)
  last-modified: Tue, 14 Nov 2023 22:13:20 GMT
  accept-ranges: bytes
  content-length: 5242880
stream 8: 200 body 15 close 256
  content-type: text/html
  etag: ETAG(index.html)
  last-modified: Tue, 14 Nov 2023 22:13:20 GMT
  accept-ranges: bytes
  content-length: 15
stream 12: 404 body 18 close 256
  x-php: 1
  content-type: text/html
  content-length: 18
one.bin exact: true
big.bin exact: true
HEAD: 200 body 0 length 1024
static_hit_count=45