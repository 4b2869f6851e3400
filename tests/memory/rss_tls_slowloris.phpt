--TEST--
Memory: 1,000 TLS connections holding a partial ClientHello (slowloris) cost the master a few KiB each, not OpenSSL's ~45 KiB of connection and record buffers; each hello, once complete, still gets its ServerHello
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
require __DIR__ . '/../tls/certs.inc';
// bench/resilience.sh measured ~62 KiB per trickling TLS handshake (45 KiB from the first
// byte on): OpenSSL's connection object, its handshake buffer and record buffer were set up
// for every connection that had sent a byte. The session now starts OpenSSL only when the
// first record (the ClientHello) is complete.
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_header_timeout' => 60,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) { $res->end('ok'); });
$server->start();
PHP);

// A real ClientHello: openssl s_client's first record, caught by a listener of our own.
$l = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
$lport = (int)substr(strrchr(stream_socket_get_name($l, false), ':'), 1);
$p = proc_open(['openssl', 's_client', '-connect', "127.0.0.1:$lport", '-alpn', 'h2,http/1.1', '-servername', 'localhost'],
               [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$a = stream_socket_accept($l, 10);
stream_set_timeout($a, 10);
$hello = fread($a, 5);
$len = unpack('n', substr($hello, 3, 2))[1];
while (strlen($hello) < 5 + $len && !feof($a)) $hello .= fread($a, 5 + $len - strlen($hello));
proc_terminate($p);
fclose($a);
fclose($pipes[0]);
proc_close($p);
echo 'captured a ClientHello record: ', ord($hello[0]) === 22 && strlen($hello) === 5 + $len && $len > 100 ? 'yes' : 'no (' . strlen($hello) . ' bytes)', "\n";

const CONNS = 1000;
function master_kb(TridentTestServer $srv): int {
    preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/' . $srv->pid() . '/status'), $m);
    return (int)$m[1];
}
// Every connection sends its hello in three pieces (the record header's first bytes, then most
// of the rest), leaving the last 10 bytes out.
function partial_hellos(TridentTestServer $srv, string $hello, int $n): array {
    $socks = [];
    for ($i = 0; $i < $n; $i++) {
        $s = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
        if (!$s) { echo "connect $i failed: $errstr\n"; break; }
        fwrite($s, substr($hello, 0, 3));
        $socks[] = $s;
    }
    usleep(300000);
    foreach ($socks as $s) fwrite($s, substr($hello, 3, 100));
    usleep(300000);
    foreach ($socks as $s) fwrite($s, substr($hello, 103, strlen($hello) - 113));
    usleep(500000);
    return $socks;
}
// The last bytes: the server must answer with a handshake record (its ServerHello).
function finish(array $socks, string $hello): int {
    $ok = 0;
    foreach ($socks as $i => $s) {
        fwrite($s, substr($hello, -10));
        stream_set_timeout($s, 10);
        $head = fread($s, 5);
        if (strlen($head) === 5 && $head[0] === "\x16" && $head[1] === "\x03") $ok++;
        elseif ($ok + 3 > $i) echo "conn $i: ", bin2hex($head), "\n";
        fclose($s);
    }
    return $ok;
}

echo 'warm-up ok: ', finish(partial_hellos($srv, $hello, 50), $hello), "\n";
usleep(200000);
$before = master_kb($srv);
$socks = partial_hellos($srv, $hello, CONNS);
$during = master_kb($srv);
$per_conn = ($during - $before) / CONNS;
echo 'master per held connection: ', $per_conn <= 12 ? 'at most 12 KiB' : sprintf('%.1f KiB (%d -> %d KiB)', $per_conn, $before, $during), "\n";
echo 'completed ok: ', finish($socks, $hello), "\n";
// Still a working server for a real client.
[$rc, $body] = trident_curl(['-sk', '--http2', "https://127.0.0.1:{$srv->port}/"]);
echo "curl: $rc $body\n";
$srv->stop();
?>
--EXPECT--
captured a ClientHello record: yes
warm-up ok: 50
master per held connection: at most 12 KiB
completed ok: 1000
curl: 0 ok
