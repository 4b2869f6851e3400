--TEST--
HTTP/3 GET with gtlsclient: status, headers, body, $request->server for HTTP/3, a streamed response, HEAD and several streams on one connection
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $uri = $req->server['request_uri'];
    if ($uri === '/info') {
        $res->header('Content-Type', 'text/plain');
        $res->header('X-Custom', 'Value');
        $s = $req->server;
        $res->end(implode("\n", [$s['server_protocol'], $s['request_method'], $s['request_uri'], $s['query_string'] ?? '-',
            $s['https'] ?? '-', $s['remote_addr'], $req->header['user-agent'] ?? '-', $req->header['host'] ?? '-',
            json_encode($req->get)]) . "\n");
    } elseif ($uri === '/stream') {
        $res->header('Content-Type', 'text/plain');
        for ($i = 0; $i < 5; $i++) $res->write("part $i\n");
        $res->end();
    } elseif ($uri === '/empty') {
        $res->status(204);
        $res->end();
    } else {
        $res->status(404);
        $res->end("no such page: $uri\n");
    }
});
$server->start();
PHP);
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/info?a=1&b=two', '/stream', '/empty', '/missing'], ["--download=$dl"]);
echo "handshake: ", $r['handshake'] ? 'yes' : 'no', "\n";
foreach ($r['streams'] as $id => $s) {
    echo "stream $id: status {$s['status']}, body {$s['body']} bytes, content-type ", h3_header($s, 'content-type') ?? '-',
        ", content-length ", h3_header($s, 'content-length') ?? '-', ", date ", h3_header($s, 'date') !== null ? 'yes' : 'no',
        ", close {$s['close']}\n";
}
echo "x-custom: ", h3_header($r['streams'][0], 'x-custom'), "\n";
echo "--- /info\n", file_get_contents(glob("$dl/info*")[0] ?? "$dl/info");
echo "--- /stream\n", file_get_contents("$dl/stream");
echo "--- /missing\n", file_get_contents("$dl/missing");
echo "--- HEAD /info\n";
$h = h3_client($srv->port, ['/info'], ['-m', 'HEAD']);
$s = $h['streams'][0];
echo "status {$s['status']}, body {$s['body']}, content-length ", h3_header($s, 'content-length'), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning|error/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECTF--
handshake: yes
stream 0: status 200, body %d bytes, content-type text/plain, content-length %d, date yes, close 256
stream 4: status 200, body 35 bytes, content-type text/plain, content-length -, date yes, close 256
stream 8: status 204, body 0 bytes, content-type -, content-length -, date yes, close 256
stream 12: status 404, body 23 bytes, content-type text/html, content-length 23, date yes, close 256
x-custom: Value
--- /info
HTTP/3
GET
/info
a=1&b=two
on
127.0.0.1
nghttp3/ngtcp2 client
127.0.0.1:%d
{"a":"1","b":"two"}
--- /stream
part 0
part 1
part 2
part 3
part 4
--- /missing
no such page: /missing
--- HEAD /info
status 200, body 0, content-length %d
log clean
