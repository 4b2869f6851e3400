--TEST--
Hooks with a real database over HTTP/2 and HTTP/3: one worker, handlers doing SELECT SLEEP(0.2) through PDO from a Trident\Coroutine\Pool; 100 concurrent streams on one connection — h2c (h2load -c1 -m100), h2 over TLS (h2load) and HTTP/3 (h3load -c1 -m100) — all 100 get status 200 with their own row (checked in the worker and by the data bytes), each batch in about one wait (< 1.5 s; one by one it would be 20 s)
--SKIPIF--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../http3/h3.inc';
trident_services_skipif(['mysql'], ['h2load']);
h3_skipif();
if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)');
?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$code = function (bool $tls) use ($c) {
    return h3_cert_vars($c) . tls_php_var('TLS', $tls) . <<<'PHP'
use Trident\Coroutine\Pool;

$pool = null;
$seq = 0;        // a number per request: each must get back its own row
$served = 0;
$wrong = 0;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$settings = ['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'max_coroutine' => 1000,
             'open_http2_protocol' => true];
if ($TLS) $settings += ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true];
$server->set($settings);
$server->on('Request', function ($req, $res) use (&$pool, &$seq, &$served, &$wrong) {
    $pool ??= new Pool(function () {
        $c = trident_mysql_config();
        return new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    }, 100);
    if ($req->server['path_info'] === '/check') {
        $res->end("served $served, wrong rows $wrong, pool " . json_encode($pool->stats()));
        $served = $wrong = 0;
        return;
    }
    $n = ++$seq;
    $pdo = $pool->get(5);
    try {
        $row = $pdo->query("SELECT SLEEP(0.2) AS s, $n AS n")->fetch(PDO::FETCH_ASSOC);
        $pool->put($pdo);
    } catch (Throwable $e) {
        $pool->put(null);
        throw $e;
    }
    $served++;
    if ((int)$row['n'] !== $n || (int)$row['s'] !== 0) $wrong++;
    // 16 bytes whatever the request: the clients' data byte count checks every body.
    $res->end(sprintf('row %05d %s', $row['n'], $req->server['server_protocol']));
});
$server->start();
PHP;
};

/** Runs a load client; "N x 2xx, data bytes, < 1.5 s" from its summary (h2load and h3load print the same lines). */
function batch(array $cmd): string {
    [$rc, $out, $err] = trident_run($cmd, null, 60);
    preg_match('/finished in ([\d.]+)(ms|s)/', $out, $m);
    $secs = $m ? ((float)$m[1]) / ($m[2] === 'ms' ? 1000 : 1) : -1;
    preg_match('/status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/', $out, $s);
    // h2load: "traffic: ... 1.56KB (1600) data"; h3load: "traffic: ... 1600 bytes data".
    preg_match('/traffic: .*?(?:\((\d+)\) data|(\d+) bytes data)/', $out, $d);
    $data = isset($d[1]) ? ($d[1] !== '' ? $d[1] : ($d[2] ?? '?')) : '?';
    $ok = $secs > 0 && $secs < 1.5;
    return sprintf("%s x 2xx (%s other), %s data bytes, all together < 1.5 s: %s%s", $s[1] ?? '?',
        isset($s[2]) ? $s[2] + $s[3] + $s[4] : '?', $data, var_export($ok, true), $ok ? '' : " (took $secs s)\n$out$err");
}

$h3load = __DIR__ . '/../../bench/h3load/h3load';
$plain = trident_services_server($code(false), ['mysql']);
$tls = trident_services_server($code(true), ['mysql']);
// Warm-up: the worker's pool opens its 100 connections.
batch(['h2load', '-n', '100', '-c', '1', '-m', '100', $plain->url('/')]);
batch(['h2load', '-n', '100', '-c', '1', '-m', '100', "https://127.0.0.1:{$tls->port}/"]);
trident_curl([$plain->url('/check')]);
trident_curl(['-k', "https://127.0.0.1:{$tls->port}/check"]);

echo "h2c: ", batch(['h2load', '-n', '100', '-c', '1', '-m', '100', $plain->url('/')]), "\n";
echo "  worker: ", trident_curl([$plain->url('/check')])[1], "\n";
echo "h2: ", batch(['h2load', '-n', '100', '-c', '1', '-m', '100', "https://127.0.0.1:{$tls->port}/"]), "\n";
echo "  worker: ", trident_curl(['-k', "https://127.0.0.1:{$tls->port}/check"])[1], "\n";
echo "h3: ", batch([$h3load, '-n', '100', '-c', '1', '-m', '100', "https://127.0.0.1:{$tls->port}/"]), "\n";
echo "  worker: ", trident_curl(['-k', "https://127.0.0.1:{$tls->port}/check"])[1], "\n";
foreach (['h2c server' => $plain, 'TLS server' => $tls] as $name => $s) {
    $log = $s->stop();
    echo "$name log: ", trim($log) === '' ? '(empty)' : $log, "\n";
}
?>
--EXPECT--
h2c: 100 x 2xx (0 other), 1600 data bytes, all together < 1.5 s: true
  worker: served 100, wrong rows 0, pool {"size":100,"created":100,"idle":100,"in_use":0,"waiting":0}
h2: 100 x 2xx (0 other), 1600 data bytes, all together < 1.5 s: true
  worker: served 100, wrong rows 0, pool {"size":100,"created":100,"idle":100,"in_use":0,"waiting":0}
h3: 100 x 2xx (0 other), 1600 data bytes, all together < 1.5 s: true
  worker: served 100, wrong rows 0, pool {"size":100,"created":100,"idle":100,"in_use":0,"waiting":0}
h2c server log: (empty)
TLS server log: (empty)
