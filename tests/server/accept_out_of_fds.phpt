--TEST--
Out of file descriptors (accept() fails with EMFILE): the reactor pauses listening instead of spinning on the listener (CPU and log stay quiet), and once descriptors are free again the clients waiting in the backlog are served
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['prlimit', 'curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) { $res->end('served'); });
$server->start();
PHP);
$pid = $srv->pid();
// The master holds the reactor (its CPU time is the sum over its threads).
$cpu_ticks = function () use ($pid) {
    $st = file_get_contents("/proc/$pid/stat");
    $f = explode(' ', substr($st, strrpos($st, ')') + 2));
    return (int)$f[11] + (int)$f[12];   // utime + stime
};
preg_match('/^Max open files\s+(\d+)\s+(\d+)/m', file_get_contents("/proc/$pid/limits"), $lim);
$open = count(glob("/proc/$pid/fd/*"));
trident_run(['prlimit', "--pid=$pid", '--nofile=' . ($open + 10) . ":{$lim[2]}"], null, 5);

// 60 clients: about 10 are accepted, the others wait in the listen backlog.
$clients = [];
for ($i = 0; $i < 60; $i++) $clients[] = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
echo "connected: ", count(array_filter($clients)), "\n";
$ticks = $cpu_ticks();
sleep(2);
$used = $cpu_ticks() - $ticks;
// Spinning takes a whole CPU (200 ticks in 2 s); paused, a few wake-ups a second are left.
echo "reactor CPU while out of descriptors: ", $used < 40 ? 'low' : "$used ticks in 2 s", "\n";
clearstatcache();
if (($size = filesize($srv->log)) > (1 << 20)) {
    $lines = "a log of $size bytes";
    file_put_contents($srv->log, '');   // stop() reads it
} else {
    $lines = substr_count((string)file_get_contents($srv->log), 'Too many open files');
}
echo "log lines about it: ", is_int($lines) && $lines >= 1 && $lines <= 4 ? '1 to 4' : $lines, "\n";

trident_run(['prlimit', "--pid=$pid", "--nofile={$lim[1]}:{$lim[2]}"], null, 5);
$served = 0;
foreach ($clients as $c) fwrite($c, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
foreach ($clients as $c) {
    stream_set_timeout($c, 5);
    $resp = stream_get_contents($c);
    if (str_starts_with($resp, 'HTTP/1.1 200') && str_ends_with($resp, 'served')) $served++;
    fclose($c);
}
echo "served once descriptors were free: $served of 60\n";
echo "a new client: ", trident_curl([$srv->url('/')])[1], "\n";
$srv->stop();
?>
--EXPECT--
connected: 60
reactor CPU while out of descriptors: low
log lines about it: 1 to 4
served once descriptors were free: 60 of 60
a new client: served
