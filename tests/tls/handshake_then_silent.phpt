--TEST--
A TLS client that completes the handshake and then sends no request is closed after http_header_timeout, as a silent cleartext client is (HTTP/1.1 and h2); after a request, keep-alive waits http_idle_timeout
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$plain_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$PLAIN = $plain_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'http_header_timeout' => 0.5, 'http_idle_timeout' => 30,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $PLAIN, ['open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) { $res->end('ok ' . $req->server['server_protocol']); });
$server->start();
PHP);
$port = $srv->port;

/** Keeps an s_client connection open, optionally sends $request, and says when the server closed it. */
function idle_s_client(int $port, string $alpn, ?string $request, float $max = 5.0): array {
    $out = tempnam(sys_get_temp_dir(), 'trident_sc_');
    $p = proc_open(['openssl', 's_client', '-connect', "127.0.0.1:$port", '-alpn', $alpn, '-quiet'],
                   [0 => ['pipe', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    $t0 = microtime(true);
    // (s_client sends what it reads on stdin once the handshake is done.)
    if ($request !== null) { fwrite($pipes[0], $request); fflush($pipes[0]); }
    while (proc_get_status($p)['running'] && microtime(true) - $t0 < $max) usleep(20000);
    $t = microtime(true) - $t0;
    $running = proc_get_status($p)['running'];
    if ($running) proc_terminate($p, 9);
    fclose($pipes[0]);
    proc_close($p);
    $got = (string)file_get_contents($out);
    unlink($out);
    return [$running ? null : $t, $got];
}
$verdict = fn(?float $t, float $lo, float $hi) => $t === null ? 'still open' : ($t >= $lo && $t < $hi ? "closed within $lo..$hi s" : sprintf('closed after %.2f s', $t));

// Reference: a silent cleartext connection.
$s = stream_socket_client("tcp://127.0.0.1:$plain_port", $errno, $errstr, 5);
$t0 = microtime(true);
$r = [$s]; $w = $e = null;
$closed = stream_select($r, $w, $e, 5) > 0 && fread($s, 10) === '' && feof($s);
// (http_header_timeout 0.5 s; without it the connection would stay open: http_idle_timeout 30 s.)
echo 'cleartext, silent: ', $verdict($closed ? microtime(true) - $t0 : null, 0.4, 3.0), "\n";
fclose($s);

foreach (['http/1.1', 'h2'] as $alpn) {
    [$t] = idle_s_client($port, $alpn, null, 3.5);
    echo "TLS $alpn, handshake then silent: ", $verdict($t, 0.4, 3.0), "\n";
}
// After a complete request the connection is kept alive (http_idle_timeout is 30 s).
[$t, $got] = idle_s_client($port, 'http/1.1', "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 1.5);
echo 'TLS http/1.1 after one request: ', $verdict($t, 0.4, 1.5), ', response: ', str_contains($got, "\r\n\r\nok HTTP/1.1") ? 'ok' : json_encode($got), "\n";
[$rc, $out] = trident_curl(['-k', "https://127.0.0.1:$port/"]);
echo "afterwards: $out\n";
$srv->stop();
?>
--EXPECT--
cleartext, silent: closed within 0.4..3 s
TLS http/1.1, handshake then silent: closed within 0.4..3 s
TLS h2, handshake then silent: closed within 0.4..3 s
TLS http/1.1 after one request: still open, response: ok
afterwards: ok HTTP/2
