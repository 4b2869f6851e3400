--TEST--
HTTP/1.1 pipelining: responses come back complete and in request order although a later request finishes first on another worker
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $path = $req->server['request_uri'];
    if ($path === '/slow') usleep(300000);
    $res->header('Content-Type', 'text/plain');
    $res->header('X-Pid', (string)getmypid());
    $res->header('X-Done', sprintf('%.6f', microtime(true)));
    $body = $req->getMethod() . ' ' . $path;
    if ($req->getMethod() === 'POST') $body .= ' body=' . $req->rawContent();
    $res->end($body . ' ' . str_repeat('.', strlen($path) * 100));
});
$server->start();
PHP);

$paths = ['/slow', '/fast1', '/fast2', '/fast-three', '/post', '/fast5'];
$bytes = '';
foreach ($paths as $p) {
    $bytes .= $p === '/post'
        ? "POST /post HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\npayload"
        : h1_get($p);
}
$c = new H1Client($srv->port);
$t0 = microtime(true);
$c->send($bytes);   // all requests in one write
$done = [];
$pids = [];
foreach ($paths as $i => $p) {
    $r = $c->readResponse(false, 5);
    $expect = ($p === '/post' ? 'POST /post body=payload' : "GET $p") . ' ' . str_repeat('.', strlen($p) * 100);
    printf("#%d %d %s %s\n", $i, $r['status'], $r['body'] === $expect ? 'ok' : 'WRONG ' . json_encode($r['body']), substr($r['body'], 0, strpos($r['body'], ' .')));
    $done[$p] = (float)$r['h']['x-done'];
    $pids[$p] = $r['h']['x-pid'];
}
echo 'leftover bytes: ', strlen($c->buf), "\n";
echo 'slow request took >= 0.3 s: ', microtime(true) - $t0 >= 0.3 ? 'yes' : 'no', "\n";
// The scenario really happened: a later request was handled by the other worker and
// finished before the slow one, yet its response was held back until after it.
$earlier = array_filter($paths, fn($p) => $p !== '/slow' && $done[$p] < $done['/slow'] && $pids[$p] !== $pids['/slow']);
echo 'a later request finished first on another worker: ', count($earlier) > 0 ? 'yes' : 'no', "\n";
echo 'connection still open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->send(h1_get('/again'));
echo h1_line($c->readResponse()) === '200 "GET \/again ' . str_repeat('.', 600) . '"' ? "reuse ok\n" : "reuse WRONG\n";
$c->close();
$srv->stop();
?>
--EXPECT--
#0 200 ok GET /slow
#1 200 ok GET /fast1
#2 200 ok GET /fast2
#3 200 ok GET /fast-three
#4 200 ok POST /post body=payload
#5 200 ok GET /fast5
leftover bytes: 0
slow request took >= 0.3 s: yes
a later request finished first on another worker: yes
connection still open: yes
reuse ok
