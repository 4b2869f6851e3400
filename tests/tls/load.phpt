--TEST--
Load over TLS: h2load (h2 via ALPN, 8 connections x 16 streams, and HTTP/1.1) and wrk complete every request with status 200, without errors, and the server stays up
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl', 'h2load', 'wrk']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $res->end(json_encode($server->stats()));
        return;
    }
    $res->header('Content-Type', 'text/plain');
    $res->end('hello ' . $req->server['server_protocol']);
});
$server->start();
PHP);
$url = "https://127.0.0.1:{$srv->port}/";

function h2load_summary(string $out): string {
    $req = preg_match('/^requests: (.*)$/m', $out, $m) ? $m[1] : 'no requests line';
    $codes = preg_match('/^status codes: (.*)$/m', $out, $m) ? $m[1] : 'no status line';
    $proto = preg_match('/^Application protocol: (\S+)/m', $out, $m) ? $m[1] : '?';
    return "protocol $proto\n  requests: $req\n  status codes: $codes";
}

$failures = fn() => json_decode(trident_curl(['-k', $url . 'stats'])[1], true)['tls_handshake_failures'];
$f0 = $failures();
[$rc, $out, $err] = trident_run(['h2load', '-n', '20000', '-c', '8', '-m', '16', $url], null, 60);
echo "h2load h2: rc=$rc ", h2load_summary($out), "\n";
[$rc, $out, $err] = trident_run(['h2load', '--h1', '-n', '4000', '-c', '8', $url], null, 60);
echo "h2load --h1: rc=$rc ", h2load_summary($out), "\n";
echo 'TLS handshake failures during h2load: ', $failures() - $f0, "\n";
$f0 = $failures();

[$rc, $out, $err] = trident_run(['wrk', '-t2', '-c20', '-d2s', $url], null, 30);
$n = preg_match('/(\d+) requests in/', $out, $m) ? (int)$m[1] : 0;
echo "wrk: rc=$rc, requests > 1000: ", $n > 1000 ? 'yes' : "no ($n)", "\n";
echo '  socket errors: ', preg_match('/^\s*Socket errors: (.*)$/m', $out, $m) ? $m[1] : 'none', "\n";
echo '  non-2xx/3xx: ', preg_match('/^\s*Non-2xx or 3xx responses: (\d+)/m', $out, $m) ? $m[1] : '0', "\n";

// wrk first opens and closes one plain TCP connection to check that the host is reachable;
// that one counts as a failed handshake.
echo 'TLS handshake failures during wrk (its reachability probe): at most 1: ', $failures() - $f0 <= 1 ? 'yes' : 'no (' . ($failures() - $f0) . ')', "\n";
$stats = json_decode(trident_curl(['-k', $url . 'stats'])[1], true);
echo 'server: alive ', $srv->running() ? 'yes' : 'no', ', abnormal worker exits: ', $stats['worker_abnormal_exit_count'], "\n";
[$rc, $out] = trident_curl(['-k', '--http2', $url]);
echo "afterwards: $out\n";
echo 'log: ', ($log = $srv->stop()) === '' ? 'empty' : $log, "\n";
?>
--EXPECT--
h2load h2: rc=0 protocol h2
  requests: 20000 total, 20000 started, 20000 done, 20000 succeeded, 0 failed, 0 errored, 0 timeout
  status codes: 20000 2xx, 0 3xx, 0 4xx, 0 5xx
h2load --h1: rc=0 protocol http/1.1
  requests: 4000 total, 4000 started, 4000 done, 4000 succeeded, 0 failed, 0 errored, 0 timeout
  status codes: 4000 2xx, 0 3xx, 0 4xx, 0 5xx
TLS handshake failures during h2load: 0
wrk: rc=0, requests > 1000: yes
  socket errors: none
  non-2xx/3xx: 0
TLS handshake failures during wrk (its reachability probe): at most 1: yes
server: alive yes, abnormal worker exits: 0
afterwards: hello HTTP/2
log: empty
