--TEST--
HTTP/3 graceful shutdown (SIGTERM to the master) with a request in flight: the client gets GOAWAY (first the shutdown notice, then the final one naming the next stream id), the in-flight request completes with 200 and its full body, then CONNECTION_CLOSE with H3_NO_ERROR; no new connection is accepted meanwhile; every process exits well within max_wait_time
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
require __DIR__ . '/../server/lifecycle.inc';

$rec = lc_tempfile('h3shut');
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . lc_define('REC', $rec) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'max_wait_time' => 5,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    file_put_contents($GLOBALS['REC'], "started {$req->server['path_info']}\n", FILE_APPEND | LOCK_EX);
    if ($req->server['path_info'] === '/slow') Trident\Coroutine::sleep(0.5);
    $res->end("{$req->server['path_info']} done\n" . str_repeat('.', 3000) . "\n");
});
$server->start();
PHP);

/** Bytes a gtlsclient log dumped for one stream ("Ordered STREAM data stream_id=0x.." + hexdump lines). */
function stream_bytes(string $log, int $id): string {
    $bytes = '';
    $lines = preg_split('/\r?\n/', $log);
    $hdr = sprintf('Ordered STREAM data stream_id=0x%x', $id);
    foreach ($lines as $i => $l) {
        if ($l !== $hdr) continue;
        for ($j = $i + 1; isset($lines[$j]) && preg_match('/^[0-9a-f]{8}  (.*?)(?:  \|.*)?$/', $lines[$j], $m); $j++) {
            $bytes .= hex2bin(str_replace(' ', '', $m[1]));
        }
    }
    return $bytes;
}

function varint(string $b, int &$pos): ?int {
    if ($pos >= strlen($b)) return null;
    $len = 1 << (ord($b[$pos]) >> 6);
    if ($pos + $len > strlen($b)) return null;
    $v = ord($b[$pos]) & 0x3f;
    for ($i = 1; $i < $len; $i++) $v = ($v << 8) | ord($b[$pos + $i]);
    $pos += $len;
    return $v;
}

/** Stream ids of the GOAWAY frames on the server's control stream (the uni stream starting with type 0x00). */
function goaways(string $log): array {
    foreach ([3, 7, 11] as $id) {
        $b = stream_bytes($log, $id);
        $pos = 0;
        if (varint($b, $pos) !== 0) continue;
        $ids = [];
        while (($type = varint($b, $pos)) !== null && ($len = varint($b, $pos)) !== null) {
            $p = $pos;
            if ($type === 0x07) $ids[] = varint($b, $p);
            $pos += $len;
        }
        return $ids;
    }
    return ['no control stream'];
}

$dl = tls_temp_dir();
$out = "$dl.client.log";
register_shutdown_function(static fn() => @unlink($out));
// Quiet about packets, but it dumps STREAM data (the control stream) and waits for the
// server to close the connection (no --exit-on-all-streams-close).
$p = proc_open(['gtlsclient', '--no-http-dump', '--timeout=10s', "--download=$dl", '127.0.0.1', (string)$srv->port,
                "https://127.0.0.1:{$srv->port}/slow"], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
$deadline = microtime(true) + 5;
while (!in_array('started /slow', lc_lines($rec), true) && microtime(true) < $deadline) usleep(10000);
echo "request in flight: ", var_export(in_array('started /slow', lc_lines($rec), true), true), "\n";
$t0 = microtime(true);
lc_kill($srv->pid(), 'TERM');

// A new connection while the server drains (started in the background too): its Initial is not
// answered. It is started once the first client has the server's GOAWAY: the server drains then.
$late_out = "$dl.late.log";
register_shutdown_function(static fn() => @unlink($late_out));
lc_until(fn() => array_filter(goaways((string)@file_get_contents($out)), 'is_int') !== [], 5, 10000);
$late = proc_open(['gtlsclient', '--no-quic-dump', '--exit-on-all-streams-close', '--timeout=1s', '127.0.0.1', (string)$srv->port,
                   "https://127.0.0.1:{$srv->port}/late"], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $late_out, 'w'], 2 => ['file', $late_out, 'a']], $pipes);

$deadline = microtime(true) + 8;
while (($ps = proc_get_status($p))['running'] && microtime(true) < $deadline) usleep(20000);
$client_secs = microtime(true) - $t0;
if ($ps['running']) proc_terminate($p, 9);
proc_close($p);
$log = (string)file_get_contents($out);
while (proc_get_status($late)['running'] && microtime(true) < $deadline) usleep(20000);
proc_terminate($late, 9);
proc_close($late);
$late_log = (string)file_get_contents($late_out);
echo "new connection during the shutdown: handshake ", str_contains($late_log, 'QUIC handshake has completed') ? 'yes' : 'no',
    ", response: ", preg_match('/^http: stream 0x0 \[:status: (\d+)\]$/m', $late_log, $m) ? $m[1] : 'none', "\n";
// Soon: when /slow (0.5 s) is done, not after max_wait_time (5 s).
echo "client exited by itself, soon: ", var_export(!$ps['running'] && $client_secs < 4, true), "\n";
echo "status: ", preg_match('/^http: stream 0x0 \[:status: (\d+)\]$/m', $log, $m) ? $m[1] : 'none', "\n";
echo "stream 0 close code: ", preg_match('/^HTTP stream 0 closed with error code (\d+)$/m', $log, $m) ? $m[1] : 'none', "\n";
echo "body: ", json_encode((string)@file_get_contents("$dl/slow") === "/slow done\n" . str_repeat('.', 3000) . "\n"), "\n";
echo "GOAWAY stream ids: ", implode(', ', goaways($log)), "\n";
echo "CONNECTION_CLOSE: ", preg_match('/frm rx \d+ 1RTT CONNECTION_CLOSE\(0x1d\) error_code=\S*\((0x[0-9a-f]+)\)/', $log, $m) ? "application error $m[1]" : 'none', "\n";
echo "only /slow reached a worker: ", json_encode(lc_lines($rec)), "\n";
echo "all processes exited within 4 s: ", var_export(lc_all_gone($srv, max(0.1, 4 - (microtime(true) - $t0))), true), "\n";
$slog = $srv->stop();
echo "log: ", json_encode(trim($slog)), "\n";
?>
--EXPECT--
request in flight: true
new connection during the shutdown: handshake no, response: none
client exited by itself, soon: true
status: 200
stream 0 close code: 256
body: true
GOAWAY stream ids: 4611686018427387900, 4
CONNECTION_CLOSE: application error 0x100
only /slow reached a worker: ["started \/slow"]
all processes exited within 4 s: true
log: ""
