--TEST--
HTTP/1.1 keep-alive: several requests on one connection, which stays open
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
    $res->header('X-Session', (string)$req->fd);
    $res->header('X-Seq', (string)$req->streamId);
    $res->end($req->getMethod() . ' ' . $req->server['request_uri'] . ' ' . $req->server['server_protocol']);
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$sessions = [];
$seqs = [];
for ($i = 1; $i <= 5; $i++) {
    $c->send(h1_get("/r$i"));
    $r = $c->readResponse();
    if ($i == 1) echo preg_replace('/^(X-Session|X-Seq): .*$/m', '$1: *', h1_head($r));
    echo h1_line($r), ' connection=', $r['h']['connection'] ?? '-', "\n";
    $sessions[$r['h']['x-session']] = true;
    $seqs[] = (int)$r['h']['x-seq'];
}
echo 'one session: ', count($sessions) == 1 ? 'yes' : 'no', "\n";
$sorted = array_unique($seqs);
sort($sorted);
echo 'sequence numbers increase: ', $seqs === $sorted ? 'yes' : 'no', "\n";
// Nothing more arrives and the server does not close the connection on its own.
echo 'open and quiet: ', $c->quietFor(0.3) ? 'yes' : 'no', "\n";
// A POST with a body on the same connection, then another GET.
$c->send("POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
echo h1_line($c->readResponse()), "\n";
$c->send(h1_get('/after-post'));
echo h1_line($c->readResponse()), "\n";
echo 'still open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/plain
X-Session: *
X-Seq: *
Date: <date>
Content-Length: 16
200 "GET \/r1 HTTP\/1.1" connection=-
200 "GET \/r2 HTTP\/1.1" connection=-
200 "GET \/r3 HTTP\/1.1" connection=-
200 "GET \/r4 HTTP\/1.1" connection=-
200 "GET \/r5 HTTP\/1.1" connection=-
one session: yes
sequence numbers increase: yes
open and quiet: yes
200 "POST \/p HTTP\/1.1"
200 "GET \/after-post HTTP\/1.1"
still open: yes
