--TEST--
WebSocket push backpressure over HTTP/1.1 and h2c: a coroutine pushing 64 MiB to a client that reads nothing for 2 s suspends, every message arrives in order and byte-exact, none is dropped, and the master's memory stays bounded
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts that a writer outruns a client that reads nothing for a while, and under ASan the writer is too slow to fill the buffers in that time");
require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/push_backpressure.inc';
$log = tempnam(sys_get_temp_dir(), 'trident-push');
$srv = new TridentTestServer(push_backpressure_server(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
                                                       'open_http2_protocol' => true], $log));
push_backpressure_run('h1', $srv->port, $log);
push_backpressure_run('h2c', $srv->port, $log);
$out = $srv->stop();
@unlink($log);
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
-- h1
open 101 ext=- proto=-
binary-seq 1024 65536
close 1000
end
all pushes returned true: yes
a push suspended while the client did not read: yes
master memory bounded (< 16 MiB growth): yes
dropped 0, refused 0
-- h2c
open 200 ext=- proto=-
binary-seq 1024 65536
close 1000
end
all pushes returned true: yes
a push suspended while the client did not read: yes
master memory bounded (< 16 MiB growth): yes
dropped 0, refused 0
server log clean
