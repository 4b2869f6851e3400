--TEST--
Frameworks: memory of every process serving the Slim 3 app stays flat over 10,000 requests (HTTP/2, JSON route and a routed text page)
--SKIPIF--
<?php require __DIR__ . '/slim3.inc'; slim3_skipif(['h2load', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/slim3.inc';
$srv = fw_server(FW_EXAMPLES . '/slim3/server.php');
fw_memory_check($srv, ['/info?x=1', '/hello/memory']);
$srv->stop();
?>
--EXPECT--
warm-up: 2000 of 2000 succeeded, failed 0, errored 0, timeout 0
measured: 10000 of 10000 succeeded, failed 0, errored 0, timeout 0
manager or worker: flat
manager or worker: flat
master: flat
