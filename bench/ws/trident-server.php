<?php
// bench/run-websocket.sh's Trident side: echo every message; on "go:N" broadcast N messages to
// every WebSocket ($server->connections) — one worker, one reactor, like the node reference.
$port = (int)($argv[1] ?? 9601);
$server = new Trident\WebSocket\Server('127.0.0.1', $port);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'max_websocket_connections' => 20000, 'max_connections' => 20000]);
$server->on('Message', function ($server, $frame) {
    if (strncmp($frame->data, 'go:', 3) === 0) {
        $n = (int)substr($frame->data, 3);
        $fds = iterator_to_array($server->connections, false);
        for ($i = 0; $i < $n; $i++) {
            $m = "broadcast $i";
            foreach ($fds as $fd) $server->push($fd, $m);
        }
        return;
    }
    $server->push($frame->fd, $frame->data, $frame->opcode);
});
$server->on('Request', fn($req, $res) => $res->end("ok\n"));
$server->start();
