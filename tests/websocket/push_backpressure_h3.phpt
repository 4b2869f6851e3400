--TEST--
WebSocket push backpressure over HTTP/3 (RFC 9220): a coroutine pushing 64 MiB to a client that reads nothing for 2 s (no QUIC acknowledgements) suspends, every message arrives in order and byte-exact, none is dropped, and the master's memory stays bounded
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts that a writer outruns a client that reads nothing for a while, and under ASan the writer is too slow to fill the buffers in that time");
require __DIR__ . '/wsclient.inc'; wsclient_skipif(true); ?>
--FILE--
<?php
require __DIR__ . '/push_backpressure.inc';
$c = tls_certs();
$log = "{$c['dir']}/push.log";
$srv = new TridentTestServer(push_backpressure_server(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
    'open_http2_protocol' => true, 'open_http3_protocol' => true,
    'ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key']], $log));
push_backpressure_run('h3', $srv->port, $log, $c['cert']);
$out = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
-- h3
open 200 ext=- proto=-
binary-seq 1024 65536
close 1000
end
all pushes returned true: yes
a push suspended while the client did not read: yes
master memory bounded (< 16 MiB growth): yes
dropped 0, refused 0
server log clean
