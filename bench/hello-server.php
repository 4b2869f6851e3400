<?php
// Hello-world server used by bench/run-http1.sh.
// Usage: php -n -d extension=/path/to/trident.so bench/hello-server.php PORT

$s = new Trident\Http\Server('127.0.0.1', (int)$argv[1]);
$s->set([
    'worker_num' => 2,
    'reactor_num' => 2,
    'log_level' => Trident\Http\Server::LOG_WARNING,
]);
$s->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$s->start();
