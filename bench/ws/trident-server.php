<?php
// bench/run-websocket.sh's Trident side: echo every message; on "go:N" broadcast N messages to
// every WebSocket ($server->connections) — one worker, one reactor, like the node reference.
// With a certificate and key (argv 2, 3) it also listens with TLS on port + 1 for HTTP/2 (RFC 8441)
// and HTTP/3 (RFC 9220) WebSockets, and the cleartext port takes h2c.
$port = (int)($argv[1] ?? 9601);
$server = new Trident\WebSocket\Server('127.0.0.1', $port);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'max_websocket_connections' => 20000, 'max_connections' => 20000,
              'open_http2_protocol' => isset($argv[2])]);
if (isset($argv[2], $argv[3])) {
    $server->listen('127.0.0.1', $port + 1, ['ssl_cert_file' => $argv[2], 'ssl_key_file' => $argv[3],
                                             'open_http2_protocol' => true, 'open_http3_protocol' => true]);
}
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
