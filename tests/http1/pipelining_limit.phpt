--TEST--
HTTP/1.1 pipelining past http_max_pipeline: reading pauses and resumes, every request is answered in order
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'http_max_pipeline' => 2]);
$server->on('Request', function ($req, $res) {
    $path = $req->server['request_uri'];
    if ($path === '/r0' || $path === '/r5') usleep(100000);
    $res->header('Content-Type', 'text/plain');
    $res->end("body of $path");
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$bytes = '';
for ($i = 0; $i < 12; $i++) $bytes .= h1_get("/r$i");
$c->send($bytes);
$ok = 0;
for ($i = 0; $i < 12; $i++) {
    $r = $c->readResponse();
    if ($r['status'] === 200 && $r['body'] === "body of /r$i") $ok++;
    else echo "#$i wrong: ", h1_line($r), "\n";
}
echo "$ok of 12 in order\n";
echo 'leftover: ', strlen($c->buf), ', open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
12 of 12 in order
leftover: 0, open: yes
