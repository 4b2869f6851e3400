--TEST--
HTTP/1.1 HEAD: the same header fields as GET (Content-Length of the GET body), no body, and the connection stays usable
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain; charset=utf-8');
    $res->header('X-Method', $req->getMethod());
    if ($req->server['request_uri'] === '/empty') { $res->end(); return; }
    $res->end(str_repeat('0123456789', 123) . "\n");   // 1231 bytes
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send(h1_get('/doc'));
$get = $c->readResponse();
echo h1_head($get), 'GET body bytes: ', strlen($get['body']), "\n";
$c->send("HEAD /doc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
$head = $c->readResponse(true);
echo h1_head($head);
$strip = fn($r) => array_values(array_filter($r['headers'], fn($h) => !in_array(strtolower($h[0]), ['date', 'x-method'])));
echo 'same fields as GET: ', $strip($get) === $strip($head) ? 'yes' : 'no', "\n";
// No body bytes follow the HEAD response: the next response starts right after its head.
$c->send(h1_get('/after-head'));
$r = $c->readResponse();
echo 'GET after HEAD: ', $r['status'], ' ', $r['h']['x-method'], ' ', strlen($r['body']), ' bytes, leftover ', strlen($c->buf), "\n";

// Pipelined HEAD, GET, HEAD in one write.
$c->send("HEAD /p1 HTTP/1.1\r\nHost: x\r\n\r\n" . h1_get('/p2') . "HEAD /empty HTTP/1.1\r\nHost: x\r\n\r\n");
$a = $c->readResponse(true); $b = $c->readResponse(); $d = $c->readResponse(true);
echo "pipelined: {$a['status']} cl={$a['h']['content-length']} / {$b['status']} " . strlen($b['body']) . " bytes / {$d['status']} cl={$d['h']['content-length']}\n";
echo 'nothing extra: ', $c->quietFor(0.3) && $c->buf === '' ? 'yes' : 'no: ' . json_encode($c->buf), "\n";
$c->close();

// curl -I
[$code, $out] = trident_curl(['-sS', '-I', $srv->url('/curl')]);
echo "curl -I exit $code: ", preg_match('/^HTTP\/1\.1 200 OK\r\n.*^Content-Length: 1231\r\n/ms', $out) ? 'ok' : json_encode($out), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/plain; charset=utf-8
X-Method: GET
Date: <date>
Content-Length: 1231
GET body bytes: 1231
HTTP/1.1 200 OK
Content-Type: text/plain; charset=utf-8
X-Method: HEAD
Date: <date>
Content-Length: 1231
same fields as GET: yes
GET after HEAD: 200 GET 1231 bytes, leftover 0
pipelined: 200 cl=1231 / 200 1231 bytes / 200 cl=0
nothing extra: yes
curl -I exit 0: ok
