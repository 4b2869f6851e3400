<?php
// Server of bench/resilience.sh: bench/hello-server.php's hello world (same settings: 2 workers,
// 2 reactors, LOG_WARNING) on every protocol at once, because the resilience run attacks one
// protocol while well-behaved clients load the others, and the server must be the same process
// tree throughout (its RSS is what is being measured).
// Usage: php -n -d extension=trident.so bench/resilience-server.php PLAIN_PORT TLS_PORT METRICS_PORT CERT KEY
//   PLAIN_PORT    HTTP/1.1 and prior-knowledge h2c (cleartext)
//   TLS_PORT      TLS: h2 or http/1.1 by ALPN on TCP, HTTP/3 on UDP of the same number
//   METRICS_PORT  the metrics listener (trident_worker_lost_requests_total, retries, ...)
// Routes (every other path is the hello world of hello-server.php):
//   /                 "Hello, World!\n"
//   /sleep?ms=N       the same after a coroutine sleep of N ms (requests that stay in flight)
//   /upload           POST: answers "got N\n" with N the body's length
//   /stream?n=N       N chunks of 1 KiB, one write() each, a 1 ms sleep between them

if ($argc !== 6) {
    fwrite(STDERR, "usage: resilience-server.php PLAIN_PORT TLS_PORT METRICS_PORT CERT KEY\n");
    exit(2);
}
[$plain, $tls, $metrics] = [(int)$argv[1], (int)$argv[2], (int)$argv[3]];

$s = new Trident\Http\Server('127.0.0.1', $plain);
$s->set([
    'worker_num' => 2,
    'reactor_num' => 2,
    'log_level' => Trident\Http\Server::LOG_WARNING,
    'open_http2_protocol' => true,
    'metrics' => "127.0.0.1:$metrics",
]);
$s->listen('127.0.0.1', $tls, [
    'ssl_cert_file' => $argv[4],
    'ssl_key_file' => $argv[5],
    'open_http3_protocol' => true,
]);

$chunk = str_repeat('x', 1023) . "\n";
$s->on('Request', function ($req, $res) use ($chunk) {
    $path = $req->server['path_info'] ?? '/';
    switch ($path) {
        case '/sleep':
            Trident\Coroutine::sleep(max(0, (int)($req->get['ms'] ?? 10)) / 1000);
            break;
        case '/upload':
            $res->header('Content-Type', 'text/plain');
            $res->end('got ' . strlen((string)$req->rawContent()) . "\n");
            return;
        case '/stream':
            $res->header('Content-Type', 'application/octet-stream');
            $n = min(1000, max(1, (int)($req->get['n'] ?? 16)));
            for ($i = 0; $i < $n; $i++) {
                if (!$res->write($chunk)) return;   // client gone or reset: stop
                Trident\Coroutine::sleep(0.001);
            }
            $res->end();
            return;
    }
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$s->start();
