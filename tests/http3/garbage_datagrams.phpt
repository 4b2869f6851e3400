--TEST--
HTTP/3 bad input: 3,000 random and malformed datagrams (random bytes, truncated and corrupted QUIC v1 Initials, short headers for our CID format, oversized) are dropped or answered statelessly; the server keeps serving a real client, no worker notices, nothing is logged above info; the undecryptable Initials (most of 500 become connection attempts) leave no connection behind (open=1: the real one)
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); trident_test_skipif(['python3']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 3,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    $s = $server->stats();
    // Most of the 500 Initial-shaped datagrams become connection attempts (a burst can lose a
    // few in the kernel's UDP buffer; some of the other garbage can happen to parse as an
    // Initial too), and none of them is left open: open=1 is the real client.
    $n = $s['http3_connection_count'];
    $res->end("requests={$s['http3_request_count']} dropped>0=" . var_export($s['quic_dropped_count'] > 0, true) . " conns>400=" . var_export($n > 400, true) . " open={$s['connection_num']}");
});
$server->start();
PHP);
// The same datagrams every run: mt_rand with a fixed seed (random_bytes() would make some runs
// produce more Initial-shaped packets than others).
mt_srand(42);
$rand = function (int $n): string {
    $b = '';
    for ($k = 0; $k < $n; $k++) $b .= chr(mt_rand(0, 255));
    return $b;
};
$sock = stream_socket_client("udp://127.0.0.1:{$srv->port}", $errno, $errstr);
$sent = 0;
for ($i = 0; $i < 3000; $i++) {
    switch ($i % 6) {
        case 0: $d = $rand(mt_rand(1, 1500)); break;                                     // noise
        case 1: $d = "\xc0\x00\x00\x00\x01" . $rand(mt_rand(0, 1300)); break;             // v1 long header, garbage after
        case 2: $d = "\xc3\x00\x00\x00\x01\x12" . $rand(18) . "\x08" . $rand(8) . "\x00\x41\x00" . $rand(1180); break; // Initial-shaped, undecryptable
        case 3: $d = chr(0x40 | mt_rand(0, 63)) . "\x01" . chr(mt_rand(0, 1)) . $rand(16) . $rand(mt_rand(0, 100)); break; // short header, our CID format
        case 4: $d = chr(mt_rand(0, 255)); break;                                        // one byte
        default: $d = "\x80" . $rand(4) . chr(255) . $rand(mt_rand(0, 40)); break;      // bad CID lengths
    }
    if (@fwrite($sock, $d) !== false) $sent++;
    if ($i % 200 == 0) usleep(2000);  // no need to overflow the socket buffer
}
fclose($sock);
echo "sent: $sent\n";
// Zero-length datagrams (PHP's UDP streams do not send empty writes): ngtcp2's decoders assert
// a non-empty packet, so these must be dropped before any parsing.
[$rc] = trident_run(['python3', '-c', 'import socket,sys; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); [s.sendto(b"", ("127.0.0.1", int(sys.argv[1]))) for _ in range(20)]', (string)$srv->port]);
echo "empty datagrams sent: ", $rc === 0 ? 'yes' : "no ($rc)", "\n";
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/'], ["--download=$dl"]);
echo "real client afterwards: ", h3_status_summary($r), ", ", file_get_contents("$dl/index.html"), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning|Error|error/', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
sent: 3000
empty datagrams sent: yes
real client afterwards: 200 x1, requests=1 dropped>0=true conns>400=true open=1
log clean
