--TEST--
A second server on the port of a running Trident server fails in its constructor with "Address already in use" (it must not silently share the port and steal connections)
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); if (!extension_loaded('trident')) die('skip trident extension not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';

$a = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2]);
$server->on('Request', function ($req, $res) { $res->end("server A"); });
$server->start();
PHP);

// In this process: the constructor must refuse the busy port.
try {
    $inproc = new Trident\Http\Server('127.0.0.1', $a->port);
    echo "constructor: no exception\n";
    unset($inproc);   // its listening socket would take (and never answer) a share of the connections
} catch (Trident\Exception $e) {
    echo "constructor: Trident\\Exception, Address already in use: ", var_export(str_contains($e->getMessage(), 'Address already in use'), true), "\n";
}

// As a whole second server process: it must fail to start, and A keeps all the traffic.
$log = null;
try {
    $b2 = new TridentTestServer(<<<'PHP'
try {
    $server = new Trident\Http\Server('127.0.0.1', $PORT);
} catch (Trident\Exception $e) {
    echo "B: ", get_class($e), "\n";
    exit(1);
}
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) { $res->end("server B"); });
$server->start();
PHP, $a->port);
    echo "second server: started\n";
} catch (RuntimeException $e) {
    echo "second server: did not start (", var_export(str_contains($e->getMessage(), 'B: Trident\Exception'), true), ")\n";
}
$bodies = [];
for ($i = 0; $i < 10; $i++) { [$st, $b] = lc_get($a->url('/')); $bodies[] = "$st $b"; }
echo "10 new connections: ", json_encode(array_count_values($bodies)), "\n";
if (isset($b2)) $b2->stop();
$a->stop();
?>
--EXPECT--
constructor: Trident\Exception, Address already in use: true
second server: did not start (true)
10 new connections: {"200 server A":10}
