--TEST--
Misuse: an uncaught exception in the handler gives a 500 (or a cut connection once the head was sent), is logged, and the worker keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => Trident\Http\Server::LOG_ERROR]);
$server->on('Request', function ($req, $res) {
    switch ($req->server['request_uri']) {
        case '/throw':
            $res->header('X-Dropped', '1');
            throw new RuntimeException('boom');
        case '/throw-after-write':
            $res->write('partial');
            throw new LogicException('late boom');
        case '/pid':
            $res->end((string)getmypid());
            return;
    }
});
$server->start();
PHP);
$pid1 = api_curl([$srv->url('/pid')]);
echo api_show(api_curl(['-i', $srv->url('/throw')]));
[$code, $out, $err] = trident_curl(['-i', $srv->url('/throw-after-write')]);
echo "after write: curl exit $code (", trim($err), ")\n";
$pid2 = api_curl([$srv->url('/pid')]);
echo "same worker process: ", var_export($pid1 === $pid2 && $pid1 !== '', true), "\n";
$log = $srv->stop();
preg_match_all('~\] ERROR worker#0 pid=\d+: (uncaught exception in the Request handler: \w+: [^\n]*?) in /~', $log, $m);
echo implode("\n", $m[1]), "\n";
?>
--EXPECT--
HTTP/1.1 500 Internal Server Error
Content-Type: text/html
Date: <date>
Content-Length: 0


after write: curl exit 18 (curl: (18) transfer closed with outstanding read data remaining)
same worker process: true
uncaught exception in the Request handler: RuntimeException: boom
uncaught exception in the Request handler: LogicException: late boom
