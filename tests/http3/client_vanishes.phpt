--TEST--
HTTP/3 client killed (SIGKILL) mid-response: within the QUIC idle timeout (http_idle_timeout) the handler streaming with write() gets false and isWritable() false, a handler sleeping on the same connection sees isWritable() false and end() false; the connection is gone from the stats and new connections work
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
require __DIR__ . '/../server/lifecycle.inc';

$rec = lc_tempfile('h3vanish');
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . lc_define('REC', $rec) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['REC'], sprintf("%.3f %s\n", microtime(true), $l), FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_idle_timeout' => 1.0,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    switch ($req->server['path_info']) {
        case '/stream':
            // 2000 x 16 KiB, a little at a time: far more than the test lets the client read.
            $chunk = str_repeat('x', 16384);
            rec("stream started writable=" . var_export($res->isWritable(), true));
            for ($i = 0; $i < 2000; $i++) {
                if (!$res->write($chunk)) {
                    rec("stream write false after $i chunks, isWritable=" . var_export($res->isWritable(), true)
                        . " end=" . var_export($res->end(), true));
                    return;
                }
                Trident\Coroutine::sleep(0.005);
            }
            rec("stream all written end=" . var_export($res->end(), true));
            return;
        case '/sleep':
            rec("sleep started writable=" . var_export($res->isWritable(), true));
            Trident\Coroutine::sleep(4.0);   // outlasts the kill plus the 1 s idle timeout
            $w = $res->isWritable();
            rec("sleep after isWritable=" . var_export($w, true) . " end=" . var_export($res->end('too late'), true));
            return;
        case '/stats':
            $res->end(json_encode($server->stats()));
            return;
        default:
            $res->end("still serving {$req->server['path_info']}\n");
    }
});
$server->start();
PHP);

/** The record line starting with $prefix as [seconds, text], waiting up to $timeout s. */
function wait_rec(string $file, string $prefix, float $timeout): ?array {
    $deadline = microtime(true) + $timeout;
    do {
        foreach (lc_lines($file) as $l) {
            [$t, $text] = explode(' ', $l, 2);
            if (str_starts_with($text, $prefix)) return [(float)$t, $text];
        }
        usleep(20000);
    } while (microtime(true) < $deadline);
    return null;
}

$dl = tls_temp_dir();
$out = "$dl.client.log";
register_shutdown_function(static fn() => @unlink($out));
// The client's own idle timeout is long: the server's 1 s is the one that applies.
$p = proc_open(['gtlsclient', '--no-quic-dump', '--no-http-dump', '--timeout=30s', "--download=$dl", '127.0.0.1', (string)$srv->port,
                "https://127.0.0.1:{$srv->port}/stream", "https://127.0.0.1:{$srv->port}/sleep"],
               [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
echo wait_rec($rec, 'stream started', 5)[1] ?? 'the /stream handler did not start', "\n";
echo wait_rec($rec, 'sleep started', 5)[1] ?? 'the /sleep handler did not start', "\n";
// Let some of the response arrive, then kill the client without a word to the server.
$deadline = microtime(true) + 5;
do { clearstatcache(); usleep(10000); } while ((@filesize("$dl/stream") ?: 0) < 200000 && microtime(true) < $deadline);
echo "client received part of /stream: ", var_export((@filesize("$dl/stream") ?: 0) >= 200000, true), "\n";
proc_terminate($p, 9);
$killed = microtime(true);
proc_close($p);
echo "client log has the response head: ", var_export(str_contains((string)file_get_contents($out), 'http: stream 0x0 [:status: 200]'), true), "\n";

$st = wait_rec($rec, 'stream write false', 6) ?? wait_rec($rec, 'stream all written', 0);
echo $st[1] !== null ? preg_replace('/after \d+ chunks/', 'after N chunks', $st[1]) : 'the /stream handler did not finish', "\n";
$after = $st ? $st[0] - $killed : INF;
// Not before the client is gone, and about when the idle timeout (1 s) runs out.
echo "/stream noticed 0.5 to 3 s after the kill: ", var_export($after >= 0.5 && $after <= 3.0, true), "\n";
$sl = wait_rec($rec, 'sleep after', 6);
echo $sl[1] ?? 'the /sleep handler did not finish', "\n";

$r = h3_client($srv->port, ['/next', '/stats'], ["--download=$dl"], 10);
echo "fresh connection: ", h3_status_summary($r), ", /next: ", trim((string)@file_get_contents("$dl/next")), "\n";
$s = json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
// Only the stats request's own connection is left.
echo "connection_num: ", $s['connection_num'] ?? '?', ", client_abort_count: ", $s['client_abort_count'] ?? '?',
    ", worker_abnormal_exit_count: ", $s['worker_abnormal_exit_count'] ?? '?', "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
if ($st === null || $after > 3.0 || $after < 0.5) echo "timing: noticed ", sprintf('%.3f', $after), " s after the kill\n";
?>
--EXPECT--
stream started writable=true
sleep started writable=true
client received part of /stream: true
client log has the response head: true
stream write false after N chunks, isWritable=false end=false
/stream noticed 0.5 to 3 s after the kill: true
sleep after isWritable=false end=false
fresh connection: 200 x2, /next: still serving /next
connection_num: 1, client_abort_count: 2, worker_abnormal_exit_count: 0
log: ""
