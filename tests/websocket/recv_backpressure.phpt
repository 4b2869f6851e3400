--TEST--
WebSocket inbound backpressure, coroutine style: a handler that sleeps 2 s before recv() while the client sends 64 MiB in 64 KiB messages holds the client back (its sending stalls) instead of buffering it, the worker's RSS stays bounded, and then every message arrives in order byte-exact; over HTTP/1.1, h2c (a sibling request on the same HTTP/2 connection is answered while the WebSocket's stream is held) and HTTP/3
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts RSS bounds, and ASan's quarantine and shadow memory grow RSS by design");
require __DIR__ . '/wsclient.inc'; wsclient_skipif(true); ?>
--FILE--
<?php
require __DIR__ . '/backpressure.inc';
$c = tls_certs();
$n = 1024;
$size = 65536;
$steps = fn(string $extra = '') => ["send-binary-seq:$n:$size$extra", "expect-text:done $n", 'close:1000'];
// Generous: the default window is 1 MiB (plus one HTTP/2 or HTTP/3 stream window in flight);
// without the window the worker held all that arrived during the sleep (up to 64 MiB).
$max_growth_kb = 16 * 1024;
foreach (['h1' => false, 'h2c' => false, 'h3' => true] as $carrier => $tls) {
    echo "-- $carrier\n";
    $result = "{$c['dir']}/result-$carrier";
    $set = ['open_http2_protocol' => true];
    if ($tls) $set += ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key'], 'open_http3_protocol' => true];
    $srv = new TridentTestServer(backpressure_server($result, 2.0, $set));
    $out = wsclient($carrier, $srv->port, $steps($carrier === 'h2c' ? ':/sibling' : ''), ['--path', "/seq?n=$n"],
                    $tls ? $c['cert'] : null, 90);
    echo preg_replace('/^(sent|request) .*\n/m', '', $out);
    backpressure_report($out, (string)@file_get_contents($result), $n, $size, 1.0, $max_growth_kb);
    $log = $srv->stop();
    if (preg_match('/Fatal|Warning|Notice/', $log)) echo "server log:\n$log";
}
?>
--EXPECT--
-- h1
open 101 ext=- proto=-
text 9 done 1024
close 1000
end
sent 1024 x 65536
the client was held back for a while: yes
server received 1024 messages, 67108864 bytes, in order: yes
worker RSS bounded while the handler did not recv(): yes
-- h2c
open 200 ext=- proto=-
text 9 done 1024
close 1000
end
sent 1024 x 65536
the client was held back for a while: yes
sibling request /sibling: 200 sibling ok (while-stalled)
server received 1024 messages, 67108864 bytes, in order: yes
worker RSS bounded while the handler did not recv(): yes
-- h3
open 200 ext=- proto=-
text 9 done 1024
close 1000
end
sent 1024 x 65536
the client was held back for a while: yes
server received 1024 messages, 67108864 bytes, in order: yes
worker RSS bounded while the handler did not recv(): yes
