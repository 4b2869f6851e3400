<?php
// Hello-world server used by bench/run-http1.sh, bench/run-http2.sh and bench/run-http3.sh.
// Usage: php -n -d extension=/path/to/trident.so bench/hello-server.php PORT [h1|h2 [CERT KEY]]
//   h1 (default): HTTP/1.1 only (run-http1.sh)
//   h2:           also HTTP/2 ('open_http2_protocol' => true): h2c with prior knowledge,
//                 or h2 by ALPN when CERT and KEY (PEM files) put TLS on the listener
// With TRIDENT_BENCH_H3=1 in the environment and TLS, HTTP/3 is on too (UDP, same port).
// With TRIDENT_BENCH_MODE=base the server runs in MODE_BASE (each worker owns its sockets).

$port = (int)($argv[1] ?? 0);
$mode = $argv[2] ?? 'h1';
if ($port <= 0 || !in_array($mode, ['h1', 'h2'], true) || !in_array($argc, [2, 3, 5], true)) {
    fwrite(STDERR, "usage: hello-server.php PORT [h1|h2 [CERT KEY]]\n");
    exit(2);
}

$settings = [
    'worker_num' => 2,
    'reactor_num' => 2,
    'log_level' => Trident\Http\Server::LOG_WARNING,
];
if ($mode === 'h2') {
    $settings['open_http2_protocol'] = true;
}
if ($argc === 5) {
    $settings['ssl_cert_file'] = $argv[3];
    $settings['ssl_key_file'] = $argv[4];
    if (getenv('TRIDENT_BENCH_H3') === '1') $settings['open_http3_protocol'] = true;
}

$serverMode = getenv('TRIDENT_BENCH_MODE') === 'base' ? Trident\Http\Server::MODE_BASE : Trident\Http\Server::MODE_PROCESS;
$s = new Trident\Http\Server('127.0.0.1', $port, $serverMode);
$s->set($settings);
$s->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$s->start();
