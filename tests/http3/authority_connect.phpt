--TEST--
HTTP/3: :authority wins over a differing Host field (the Host field is not passed on), and a CONNECT request is answered 501 by the server without reaching the handler, as over HTTP/1.1 and HTTP/2
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$handled = [];
$server->on('Request', function ($req, $res) use (&$handled, $PORT) {
    if ($req->server['request_uri'] === '/handled') {
        $res->end(implode(',', $handled) . "\n");
        return;
    }
    $handled[] = $req->server['request_method'];
    // 200 only when the host PHP sees is the :authority and the other name is nowhere.
    $ok = ($req->header['host'] ?? null) === "127.0.0.1:$PORT" && !str_contains(json_encode([$req->header, $req->server]), 'evil');
    $res->status($ok ? 200 : 500);
    $res->end();
});
$server->start();
PHP);
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$run = function (array $args) use ($h3load, $srv) {
    [, $out] = trident_run(array_merge([$h3load, '-n', '4'], $args, ["https://127.0.0.1:{$srv->port}/x"]), null, 30);
    return preg_match('/^status codes: .*$/m', $out, $m) ? $m[0] : "no status line:\n$out";
};
echo "host field differing from :authority: ", $run(['-H', 'host: evil.example']), "\n";
echo "CONNECT: ", $run(['--method', 'CONNECT']), "\n";
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/handled'], ["--download=$dl"]);
echo "requests the handler saw: ", trim((string)@file_get_contents("$dl/handled")), "\n";
$srv->stop();
?>
--EXPECT--
host field differing from :authority: status codes: 4 2xx, 0 3xx, 0 4xx, 0 5xx
CONNECT: status codes: 0 2xx, 0 3xx, 0 4xx, 4 5xx
requests the handler saw: GET,GET,GET,GET
