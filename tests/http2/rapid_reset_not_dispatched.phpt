--TEST--
HTTP/2: streams opened and reset in the same read (rapid reset) never reach a worker; a head whose DATA or trailers come in the same read is still dispatched first, body intact
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif([]); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
// bench/resilience.sh: nghttp2 limits resets per connection, but an attacker that reconnects
// gets a new allowance each time, and every HEADERS + RST_STREAM pair ran the PHP handler
// (~28k handler runs a second for responses nobody read). Heads are now held until the read
// that brought them is processed.
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$mark = sys_get_temp_dir() . "/trident-rapid-reset-$PORT.log";
@unlink($mark);
$server->on('Request', function ($req, $res) use ($mark) {
    $path = $req->server['path_info'];
    if ($path === '/runs') {
        $res->end((string)(is_file($mark) ? count(file($mark)) : 0));
        return;
    }
    if ($path === '/reset-me') file_put_contents($mark, "run\n", FILE_APPEND);
    $res->end($req->getMethod() . ' ' . $path . ' ' . strlen((string)$req->rawContent()) . ' ' . md5((string)$req->rawContent())
        . ' ' . json_encode($req->trailer ?? null));
});
$server->start();
PHP);

$c = new H2Raw($srv->port);
$c->handshake();
// 200 pairs, then a normal request, all in one write (~9 KiB: one read on the server).
$blk = h2_request_block('GET', '/reset-me');
$buf = '';
for ($i = 0; $i < 200; $i++) $buf .= h2_headers_frame(1 + 2 * $i, $blk) . h2_rst_frame(1 + 2 * $i, H2_CANCEL);
$buf .= h2_headers_frame(401, h2_request_block('GET', '/after'));
// A POST whose head, body and end come in the same write, and one with trailers.
$body = str_repeat('0123456789abcdef', 1000);
$buf .= h2_headers_frame(403, h2_request_block('POST', '/post'), false) . h2_frame(H2_DATA, 0, 403, substr($body, 0, 9000))
      . h2_frame(H2_DATA, H2_END_STREAM, 403, substr($body, 9000));
$buf .= h2_headers_frame(405, h2_request_block('POST', '/trailers', '127.0.0.1', ['te' => 'trailers']), false)
      . h2_frame(H2_DATA, 0, 405, 'abc') . h2_headers_frame(405, h2_hpack_literal('x-check', 'ok'));
$c->send($buf);
foreach ([401, 403, 405] as $sid) {
    [$st, , $b, $how] = $c->response($sid);
    echo "stream $sid: $st $b $how\n";
}
echo 'md5 of the POST body: ', md5($body), "\n";
$c->request(407, '/runs');
[$st, , $runs, $how] = $c->response(407);
echo "handler runs for the 200 reset streams: $runs\n";
$c->close();
$srv->stop();
@unlink(sys_get_temp_dir() . "/trident-rapid-reset-{$srv->port}.log");
?>
--EXPECT--
stream 401: 200 GET /after 0 d41d8cd98f00b204e9800998ecf8427e null end
stream 403: 200 POST /post 16000 e6389face79fda24a75daad2c3b1542e null end
stream 405: 200 POST /trailers 3 900150983cd24fb0d6963f7d28e17f72 {"x-check":"ok"} end
md5 of the POST body: e6389face79fda24a75daad2c3b1542e
handler runs for the 200 reset streams: 0
