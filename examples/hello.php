<?php
// The quick-start server: `scripts/start-example` builds the extension and runs this file.
$port = (int)($argv[1] ?? 8080);
$server = new Trident\Http\Server('127.0.0.1', $port);
$server->set(['worker_num' => 2, 'reactor_num' => 2]);
$server->on('Start', function (Trident\Http\Server $server) use ($port) {
    echo "Trident listening on http://127.0.0.1:$port/ (master pid {$server->masterPid})\n";
});
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$server->start();
