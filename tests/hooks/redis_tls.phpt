--TEST--
Hooks with Redis over TLS: phpredis connecting with tls:// (peer verified against the server's certificate as CA) to a private redis-server with TLS, from one worker with the default hook_flags: 50 concurrent requests that each wait 0.2 s (WAIT 1 200) overlap, with the driver's results intact; with hook_flags 0 the same handler runs them one after the other
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['redis'], ['h2load', 'redis-server', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../tls/certs.inc';

$c = tls_certs();
// A private Redis with TLS only (the shared one of scripts/services is plaintext).
$port = trident_free_port();
$redis = proc_open(['redis-server', '--port', '0', '--tls-port', (string)$port, '--bind', '127.0.0.1',
    '--tls-cert-file', $c['cert'], '--tls-key-file', $c['key'], '--tls-ca-cert-file', $c['cert'],
    '--tls-auth-clients', 'no', '--save', '', '--appendonly', 'no', '--dir', $c['dir']],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
for ($i = 0; $i < 200 && !@fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1); $i++) usleep(20000);

$code = tls_php_var('CA', $c['cert']) . tls_php_var('RPORT', $port) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4] + (HOOKED ? [] : ['hook_flags' => 0]));
$server->on('Request', function ($req, $res) use ($CA, $RPORT) {
    $r = new Redis();
    $r->connect('tls://127.0.0.1', $RPORT, 5, null, 0, 0,
                ['stream' => ['cafile' => $CA, 'peer_name' => 'localhost', 'verify_peer' => true]]);
    $key = 'tls:' . $req->server['request_uri'];
    $waited = $r->rawCommand('WAIT', '1', '200');  // no replica: this client waits 200 ms
    $r->set($key, 'value over tls');
    $res->end('redis ' . json_encode($waited) . ' ' . $r->get($key));
});
$server->start();
PHP;

function batch(TridentTestServer $srv, int $n): array {
    trident_curl([$srv->url('/warm-up')]);
    [$rc, $out] = trident_run(['h2load', '--h1', '-n', (string)$n, '-c', (string)$n, $srv->url('/x')], null, 60);
    preg_match('/finished in ([\d.]+)(ms|s)/', $out, $m);
    $secs = $m ? ((float)$m[1]) / ($m[2] === 'ms' ? 1000 : 1) : -1;
    preg_match('/status codes: (\d+) 2xx/', $out, $s);
    return [(int)($s[1] ?? 0), $secs, trident_curl([$srv->url('/y')])[1]];
}

$hooked = trident_services_server(str_replace('HOOKED', 'true', $code), ['redis']);
[$ok, $secs, $body] = batch($hooked, 50);
echo "hooked: $ok x 2xx, overlapped (< 1.5 s, serial 10 s): ", var_export($secs > 0 && $secs < 1.5, true), " ($body)\n";
echo "log: ", json_encode(trim($hooked->stop())), "\n";
$plain = trident_services_server(str_replace('HOOKED', 'false', $code), ['redis']);
[$ok, $secs, $body] = batch($plain, 5);
echo "unhooked: $ok x 2xx, serial (>= 1.0 s): ", var_export($secs >= 1.0, true), " ($body)\n";
$plain->stop();
proc_terminate($redis);
proc_close($redis);
?>
--EXPECT--
hooked: 50 x 2xx, overlapped (< 1.5 s, serial 10 s): true (redis 0 value over tls)
log: ""
unhooked: 5 x 2xx, serial (>= 1.0 s): true (redis 0 value over tls)
