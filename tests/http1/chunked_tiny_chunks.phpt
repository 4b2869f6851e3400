--TEST--
HTTP/1.1 chunked body of 1 MiB sent as 1-byte chunks: arrives intact, and costs the reactor little CPU (small chunks are gathered into one frame per read, not one frame per chunk)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts the reactor's CPU time, which instrumentation multiplies");
require __DIR__.'/../support/server.inc'; trident_test_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $body = (string)$req->rawContent();
    $res->end(strlen($body) . ' ' . md5($body));
});
$server->start();
PHP);
/** CPU seconds (user + system) the master process, with its reactor threads, used so far. */
function master_cpu(int $pid): float {
    $f = explode(' ', substr(file_get_contents("/proc/$pid/stat"), strrpos(file_get_contents("/proc/$pid/stat"), ')') + 2));
    return ((int)$f[11] + (int)$f[12]) / 100;  // utime, stime in clock ticks (USER_HZ = 100)
}
$data = random_bytes(1 << 20);
$wire = '';
for ($i = 0; $i < strlen($data); $i++) $wire .= "1\r\n" . $data[$i] . "\r\n";
$wire .= "0\r\n\r\n";
$c = new H1Client($srv->port);
$cpu0 = master_cpu($srv->pid());
$c->send("POST /tiny HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" . $wire, 30);
$r = $c->readResponse(false, 30);
$cpu = master_cpu($srv->pid()) - $cpu0;
echo $r['status'], ' ', $r['body'] === strlen($data) . ' ' . md5($data) ? 'body intact' : 'body differs: ' . $r['body'], "\n";
// One frame per chunk cost ~1.5 s of reactor CPU here; gathered, it is a few tens of ms.
echo 'master CPU below 0.4 s: ', $cpu < 0.4 ? 'yes' : "no ($cpu s)", "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
200 body intact
master CPU below 0.4 s: yes
