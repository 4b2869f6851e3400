--TEST--
HTTP/3 with http_body_streaming: the handler reads a paced upload piece by piece as it arrives ($req->read()), then '' (h3load --body-pace)
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['curl']); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_body_streaming' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$last = '';
$server->on('Request', function ($req, $res) use (&$last) {
    if ($req->server['request_uri'] === '/last') {
        $res->end($last);
        return;
    }
    $pieces = [];
    $times = [];
    while (($d = $req->read(100, 5.0)) !== '') {
        if ($d === false) { $pieces[] = 'false'; break; }
        $pieces[] = $d;
        $times[] = microtime(true);
    }
    // The first piece was read this long before the last arrived: it cannot have waited for it.
    $spread = count($times) > 1 ? end($times) - $times[0] : 0;
    $last = $req->server['server_protocol'] . ' ' . implode('|', $pieces) . ' spread >= 0.6 s: ' . ($spread >= 0.6 ? 'yes' : "no ($spread)");
    $res->end('ok');
});
$server->start();
PHP);
$body = tempnam(sys_get_temp_dir(), 'trident_h3stream_');
register_shutdown_function(fn() => @unlink($body));
file_put_contents($body, 'aaaaabbbbbccccc');
[, $out] = trident_run([__DIR__ . '/../../bench/h3load/h3load', '-n', '1', '-d', $body, '--body-pace=5:400', "https://127.0.0.1:{$srv->port}/up"], null, 30);
echo preg_match('/^status codes: (.*)$/m', $out, $m) ? $m[1] : "no status line:\n$out", "\n";
[, $last] = trident_curl(['-k', "https://127.0.0.1:{$srv->port}/last"]);
echo $last, "\n";
echo 'server log: ', trim($srv->stop()) === '' ? 'quiet' : 'NOT QUIET', "\n";
?>
--EXPECT--
1 2xx, 0 3xx, 0 4xx, 0 5xx
HTTP/3 aaaaa|bbbbb|ccccc spread >= 0.6 s: yes
server log: quiet
