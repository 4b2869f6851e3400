--TEST--
QUIC DATAGRAM (RFC 9221) with open_http3_datagram: datagrams from the client reach on('Datagram', $server, $fd, $data) in a worker, $server->sendDatagram($fd, ...) echoes them back unchanged; without the setting DATAGRAM is not negotiated; sendDatagram() outside a worker is false
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$server_code = function (bool $datagram) use ($c) {
    return h3_cert_vars($c) . tls_php_var('DGRAM', $datagram) . tls_php_var('STATE', "{$c['dir']}/state.txt") . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'open_http3_datagram' => $DGRAM,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$seen = [];
$server->on('Datagram', function (Trident\Http\Server $server, int $fd, string $data) use (&$seen) {
    $seen[] = [$fd, $data];
    $server->sendDatagram($fd, $data);
});
$server->on('Request', function ($req, $res) use (&$seen, $STATE) {
    // The client sends its datagrams right after the handshake, with this request.
    for ($i = 0; $i < 40 && count($seen) < 5; $i++) Trident\Coroutine::sleep(0.05);
    $fds = array_unique(array_column($seen, 0));
    $summary = count($seen) . ' datagrams, from ' . count($fds) . ' connection(s), fd is this request\'s fd: '
        . var_export($fds === [$req->fd], true) . ', first: ' . ($seen[0][1] ?? '-');
    file_put_contents($STATE, $summary);
    $res->end($summary);
    $seen = [];
});
$server->start();
PHP;
};
$srv = new TridentTestServer($server_code(true));
[$rc, $out, $err] = trident_run([$h3load, '-n', '1', '-c', '1', '--datagrams', '5', "https://127.0.0.1:{$srv->port}/"], null, 30);
echo "with open_http3_datagram: rc=$rc, ", preg_match('/^datagrams: .*$/m', $out, $m) ? $m[0] : "no datagram line\n$out$err", "\n";
echo "the handler saw: ", file_get_contents("{$c['dir']}/state.txt"), "\n";
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/'], ["--download=$dl"]);
echo "a connection without datagrams: ", file_get_contents("$dl/index.html"), "\n";
echo "outside a worker: sendDatagram() = ", var_export((new Trident\Http\Server('127.0.0.1', 0))->sendDatagram(1, 'x'), true), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";

$srv = new TridentTestServer($server_code(false));
[$rc, $out, $err] = trident_run([$h3load, '-n', '1', '-c', '1', '--datagrams', '3', "https://127.0.0.1:{$srv->port}/"], null, 30);
echo "without open_http3_datagram: ", preg_match('/^datagrams: .*$/m', $out, $m) ? $m[0] : "no datagram line", "; ",
    preg_match('/^status codes: .*$/m', $out, $m) ? $m[0] : '', "\n";
$srv->stop();
?>
--EXPECT--
with open_http3_datagram: rc=0, datagrams: 5 sent, 5 received, 5 echoed back unchanged
the handler saw: 5 datagrams, from 1 connection(s), fd is this request's fd: true, first: h3load datagram 0/0
a connection without datagrams: 0 datagrams, from 0 connection(s), fd is this request's fd: false, first: -
outside a worker: sendDatagram() = false
log clean
without open_http3_datagram: datagrams: 0 sent, 0 received, 0 echoed back unchanged; status codes: 1 2xx, 0 3xx, 0 4xx, 0 5xx
