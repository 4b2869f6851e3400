--TEST--
HTTP/1.0 streaming: write() then end() is sent without chunked coding and the close of the connection ends the body
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    foreach (['one', 'two22', 'three333'] as $p) { $res->write($p); usleep(20000); }
    $res->end('four');
});
$server->start();
PHP);

foreach (["GET /s HTTP/1.0\r\n\r\n", "GET /s HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"] as $req) {
    $c = new H1Client($srv->port);
    $c->send($req);
    $r = $c->readResponse();   // no Content-Length, no chunked: read to EOF
    echo h1_head($r);
    echo 'body: ', json_encode($r['body']), ' eof: ', $c->eof ? 'yes' : 'no', "\n";
    $c->close();
}
[$code, $out, $err] = trident_curl(['-0', '-v', $srv->url('/curl')]);
echo "curl -0 exit $code: $out ", preg_match('/^< HTTP\/1\.0 200 OK/m', $err) ? 'HTTP/1.0' : '?', "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Connection: close
body: "onetwo22three333four" eof: yes
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Connection: close
body: "onetwo22three333four" eof: yes
curl -0 exit 0: onetwo22three333four HTTP/1.0
