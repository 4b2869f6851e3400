--TEST--
A reactor thread that cannot start (file descriptors exhausted by RLIMIT_NOFILE) makes start() throw Trident\Exception naming the reactor and the reason: the Start event does not run, no process of the server is left behind, the port is free again
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['prlimit', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/lifecycle.inc';
$port = trident_free_port();
$log = lc_tempfile('rlog');
$script = lc_tempfile('rfail') . '.php';
register_shutdown_function(fn() => @unlink($script));
file_put_contents($script, "<?php\n" . lc_define('PORT', $port) . lc_define('LOG', $log) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// 64 reactors need a listening socket each and then an epoll and an eventfd each: with 170
// descriptors the sockets fit, the reactors run out part of the way through.
$server->set(['worker_num' => 1, 'reactor_num' => 64, 'log_file' => $LOG]);
$server->on('Start', function () { echo "Start event ran\n"; });
$server->on('Request', function ($req, $res) { $res->end('x'); });
try {
    $server->start();
    echo "start() returned\n";
} catch (Trident\Exception $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
PHP);
[$code, $out, $err] = trident_run(['prlimit', '--nofile=170:170', ...trident_php(), '-n', '-d', 'extension=' . TRIDENT_TEST_EXT, $script], null, 20);
echo $out;
echo "exit code: $code\n";
$gone = false;
for ($i = 0; $i < 100 && !$gone; $i++) { $gone = lc_pgrep(basename($script)) === []; if (!$gone) usleep(50000); }
echo 'no process left: ', var_export($gone, true), "\n";
$s = @stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr);
echo 'port free: ', var_export((bool)$s, true), "\n";
echo 'logged: ', preg_match('/ERROR master pid=\d+: reactor #\d+ failed to start: reactor: epoll\/eventfd: Too many open files/', (string)file_get_contents($log)) ? 'yes' : "no:\n" . file_get_contents($log), "\n";
?>
--EXPECTF--
Trident\Exception: reactor #%d failed to start: reactor: epoll/eventfd: Too many open files
exit code: 0
no process left: true
port free: true
logged: yes
