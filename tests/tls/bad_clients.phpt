--TEST--
Bad TLS clients: a plain HTTP request on the TLS port gets nginx's 400 "The plain HTTP request was sent to HTTPS port" (whole request read, then closed; counted as a bad request, not a handshake failure), garbage is closed at once, a silent client and a stalled half ClientHello are closed after http_header_timeout; each counts in stats()['tls_handshake_failures'] and good clients are served afterwards
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// http_header_timeout 1.5 s: "closed at once" (< 1 s) and "closed by the timeout" (1.4..3.5 s) stay
// apart on a loaded machine.
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'http_header_timeout' => 1.5, 'http_idle_timeout' => 30,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $res->end(json_encode($server->stats()));
        return;
    }
    $res->end('ok ' . $req->server['server_protocol']);
});
$server->start();
PHP);
$port = $srv->port;
$stats = fn() => json_decode(trident_curl(['-k', "https://127.0.0.1:$port/stats"])[1], true);

/** Connects, sends $bytes, and waits up to $max s for the server to close: [reply bytes, seconds, closed]. */
function bad_client(int $port, string $bytes, float $max = 6.0): array {
    $s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
    $t0 = microtime(true);
    if ($bytes !== '') fwrite($s, $bytes);
    stream_set_blocking($s, false);
    $reply = '';
    $closed = false;
    while (microtime(true) - $t0 < $max) {
        $r = [$s]; $w = $e = null;
        if (@stream_select($r, $w, $e, 0, 20000) < 1) continue;
        $d = @fread($s, 65536);
        if ($d === false || ($d === '' && feof($s))) { $closed = true; break; }
        $reply .= $d;
    }
    $t = microtime(true) - $t0;
    fclose($s);
    return [$reply, $t, $closed];
}

function describe(string $reply): string {
    // Nothing, or a TLS alert record: both are fine (OpenSSL sends no alert for some errors).
    if ($reply === '' || ($reply[0] === "\x15" && strlen($reply) >= 7)) return 'none or a TLS alert';
    if (str_starts_with($reply, 'HTTP/')) return 'an HTTP response';
    return 'bytes ' . bin2hex(substr($reply, 0, 16));
}

function good(int $port): string {
    [$rc1, $o1] = trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"]);
    [$rc2, $o2] = trident_curl(['-k', '--http1.1', '-w', ' %{http_code}', "https://127.0.0.1:$port/"]);
    return "$o1 / $o2";
}

// Half a ClientHello: a record header announcing 512 bytes, the handshake header, the version and
// part of the random; then nothing more.
$half_hello = "\x16\x03\x01\x02\x00" . "\x01\x00\x01\xfc" . "\x03\x03" . str_repeat("\xab", 20);
$cases = [
    'plain HTTP request' => ["GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 0.0, 1.0],
    'binary garbage' => [str_repeat("\x00\xff\x13\x37", 64), 0.0, 1.0],
    'silent client' => ['', 1.4, 3.5],
    'half ClientHello, stalled' => [$half_hello, 1.4, 3.5],
];
foreach ($cases as $what => [$bytes, $min, $max]) {
    $counts = fn() => [($st = $stats())['tls_handshake_failures'], $st['bad_request_count']];
    $before = $counts();
    [$reply, $t, $closed] = bad_client($port, $bytes);
    // Counted as the server drops the connection; poll briefly in case the stats read races it.
    $deadline = microtime(true) + 3;
    while (($after = $counts()) === $before && microtime(true) < $deadline) usleep(50000);
    printf("%s: %s, reply %s, after %s, handshake failures +%d, bad requests +%d\n", $what, $closed ? 'closed' : 'NOT closed',
           describe($reply), $t >= $min && $t < $max ? "$min..$max s" : sprintf('%.2f s', $t), $after[0] - $before[0],
           $after[1] - $before[1]);
    if (str_starts_with($reply, 'HTTP/')) echo "  ", str_replace("\r\n", "\\r\\n\n  ", $reply), "\n";
    echo '  good clients: ', good($port), "\n";
}

// A ClientHello sent one byte at a time, 0.1 s apart (50 bytes, still short of the 512 the
// record announces): progress does not extend the deadline.
$s = stream_socket_client("tcp://127.0.0.1:$port", $errno, $errstr, 5);
$t0 = microtime(true);
$sent = 0;
for ($i = 0; $i < 50; $i++) {
    if (@fwrite($s, $half_hello[$i % strlen($half_hello)]) !== 1) break;
    $sent++;
    $r = [$s]; $w = $e = null;
    if (@stream_select($r, $w, $e, 0, 100000) > 0 && (fread($s, 100) === '' && feof($s))) break;
}
$t = microtime(true) - $t0;
echo 'slow ClientHello: closed within 1.4..3.5 s: ', $t >= 1.4 && $t < 3.5 && $i < 50 ? 'yes' : sprintf('no (%.2f s, %d bytes)', $t, $sent), "\n";
fclose($s);

echo 'final: ', good($port), "\n";
echo 'server alive: ', $srv->running() ? 'yes' : 'no', "\n";
$log = $srv->stop();
echo 'log: ', $log === '' ? 'empty' : $log, "\n";
?>
--EXPECT--
plain HTTP request: closed, reply an HTTP response, after 0..1 s, handshake failures +0, bad requests +1
  HTTP/1.1 400 Bad Request\r\n
  Content-Type: text/plain\r\n
  Content-Length: 46\r\n
  Connection: close\r\n
  \r\n
  The plain HTTP request was sent to HTTPS port

  good clients: ok HTTP/2 / ok HTTP/1.1 200
binary garbage: closed, reply none or a TLS alert, after 0..1 s, handshake failures +1, bad requests +0
  good clients: ok HTTP/2 / ok HTTP/1.1 200
silent client: closed, reply none or a TLS alert, after 1.4..3.5 s, handshake failures +1, bad requests +0
  good clients: ok HTTP/2 / ok HTTP/1.1 200
half ClientHello, stalled: closed, reply none or a TLS alert, after 1.4..3.5 s, handshake failures +1, bad requests +0
  good clients: ok HTTP/2 / ok HTTP/1.1 200
slow ClientHello: closed within 1.4..3.5 s: yes
final: ok HTTP/2 / ok HTTP/1.1 200
server alive: yes
log: empty
