--TEST--
HTTP/3 bodies: a POST body arrives byte-exact, a 10 MiB response and a 10 MiB upload (QUIC flow control both ways), end() with a large body and write() streaming, all md5-checked
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$file = "{$c['dir']}/payload.bin";
file_put_contents($file, random_bytes(10 << 20));
$md5 = md5_file($file);
$small = "{$c['dir']}/small.txt";
file_put_contents($small, "name=trident&proto=h3\n");
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('FILE', $file) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'package_max_length' => 16 << 20,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($FILE) {
    $uri = $req->server['request_uri'];
    if ($uri === '/end') {
        $res->header('Content-Type', 'application/octet-stream');
        $res->end(file_get_contents($FILE));
    } elseif ($uri === '/write') {
        $data = file_get_contents($FILE);
        for ($off = 0; $off < strlen($data); $off += 100000) $res->write(substr($data, $off, 100000));
        $res->end();
    } else {
        $body = (string)$req->rawContent();
        $res->end($req->server['request_method'] . ' ' . ($req->header['content-length'] ?? '-') . ' ' . strlen($body) . ' ' . md5($body)
            . ($uri === '/echo' ? "\n" . $body : ''));
    }
});
$server->start();
PHP);
$dl = tls_temp_dir();
$same = fn($f) => is_file($f) && md5_file($f) === $md5 ? 'md5 matches' : 'md5 DIFFERS (' . (is_file($f) ? filesize($f) : 'no file') . ' bytes)';

$r = h3_client($srv->port, ['/echo'], ['-m', 'POST', '-d', $small, "--download=$dl"]);
echo "POST small: status {$r['streams'][0]['status']}\n", file_get_contents("$dl/echo");

foreach (['/end', '/write'] as $path) {
    // --no-http-dump: gtlsclient would print every body byte in hex.
    $r = h3_client($srv->port, [$path], ["--download=$dl", '--no-http-dump'], 60);
    $s = $r['streams'][0];
    echo "GET $path: status {$s['status']}, body ", @filesize("$dl$path"), " bytes, close {$s['close']}, ", $same("$dl" . $path), "\n";
}
// Both at once on one connection.
$r = h3_client($srv->port, ['/end', '/write'], ["--download=$dl", '--no-http-dump'], 60);
echo "two at once: ", h3_status_summary($r), ", ", $same("$dl/end"), ", ", $same("$dl/write"), "\n";

$r = h3_client($srv->port, ['/upload'], ['-m', 'PUT', '-d', $file, "--download=$dl", '--no-http-dump'], 60);
echo "PUT 10 MiB: status {$r['streams'][0]['status']}, ", str_replace($md5, 'md5 matches', file_get_contents("$dl/upload")), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning|error/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
POST small: status 200
POST 22 22 8083d32e7f0899624e0fe9160c626d1a
name=trident&proto=h3
GET /end: status 200, body 10485760 bytes, close 256, md5 matches
GET /write: status 200, body 10485760 bytes, close 256, md5 matches
two at once: 200 x2, md5 matches, md5 matches
PUT 10 MiB: status 200, PUT 10485760 10485760 md5 matches
log clean
