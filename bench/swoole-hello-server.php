<?php
// Swoole's hello-world server for the same-run comparisons of bench/run-http1.sh and
// bench/run-http2.sh, answering exactly what bench/hello-server.php answers. Needs a
// swoole.so the developer built from a fetched snapshot (SWOOLE_SO; never committed).
// Usage: php -n -d extension=/path/to/swoole.so bench/swoole-hello-server.php PORT [h1|h2 [process|base [CERT KEY]]]

$port = (int)($argv[1] ?? 0);
$proto = $argv[2] ?? 'h1';
$mode = $argv[3] ?? 'process';
if ($port <= 0 || !in_array($proto, ['h1', 'h2'], true) || !in_array($mode, ['process', 'base'], true)
    || !in_array($argc, [2, 3, 4, 6], true)) {
    fwrite(STDERR, "usage: swoole-hello-server.php PORT [h1|h2 [process|base [CERT KEY]]]\n");
    exit(2);
}
$tls = $argc === 6;
$sock = SWOOLE_SOCK_TCP | ($tls ? SWOOLE_SSL : 0);
$s = new Swoole\Http\Server('127.0.0.1', $port, $mode === 'base' ? SWOOLE_BASE : SWOOLE_PROCESS, $sock);
$settings = [
    'worker_num' => 2,
    'reactor_num' => 2,
    'log_level' => SWOOLE_LOG_WARNING,
    'http_compression' => false,
];
if ($proto === 'h2') $settings['open_http2_protocol'] = true;
if ($tls) {
    $settings['ssl_cert_file'] = $argv[4];
    $settings['ssl_key_file'] = $argv[5];
}
$s->set($settings);
$s->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$s->start();
