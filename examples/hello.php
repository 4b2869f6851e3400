<?php
// The quick-start server (`scripts/start-example` builds the extension and runs this file):
// HTTP/1.1 and h2c on http://127.0.0.1:8080/, HTTPS with HTTP/2 (ALPN) on https://127.0.0.1:8443/
// and HTTP/3 (QUIC) on UDP 127.0.0.1:8443.
$port = (int)($argv[1] ?? 8080);
$tlsPort = (int)($argv[2] ?? 8443);
$certDir = __DIR__ . '/certs';

$server = new Trident\Http\Server('127.0.0.1', $port);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'open_http2_protocol' => true]);
if (is_file("$certDir/cert.pem")) {
    $server->listen('127.0.0.1', $tlsPort, [
        'ssl_cert_file' => "$certDir/cert.pem",
        'ssl_key_file' => "$certDir/key.pem",
        'open_http3_protocol' => true,
    ]);
}
$server->on('Start', function (Trident\Http\Server $server) use ($port, $tlsPort, $certDir) {
    echo "Trident listening on http://127.0.0.1:$port/", is_file("$certDir/cert.pem") ? " and https://127.0.0.1:$tlsPort/ (HTTP/1.1, HTTP/2, HTTP/3)" : '',
        " (master pid {$server->masterPid})\n";
});
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->end("Hello, World!\n");
});
$server->start();
