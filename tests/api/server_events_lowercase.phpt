--TEST--
Server::on(): callbacks registered with lower/upper-case event names ('request', 'WORKERSTART') are the ones called
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$started = [];
$server->on('WORKERSTART', function ($server, $id) use (&$started) { $started[] = $id; });
$server->on('Request', function ($req, $res) { $res->end('replaced'); });
// Same event, other case: replaces the callback above.
$server->on('request', function ($req, $res) use (&$started, $server) {
    $res->end(json_encode(['handler' => 'lower-case', 'workerStart' => $started, 'workerId' => $server->workerId]));
});
$server->start();
PHP);
echo api_curl([$srv->url('/')]), "\n";
$srv->stop();
?>
--EXPECT--
{"handler":"lower-case","workerStart":[0],"workerId":0}
