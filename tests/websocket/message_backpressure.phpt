--TEST--
WebSocket inbound backpressure, event style: Message callbacks that each sleep 0.5 s pile up while the client sends 128 messages of 64 KiB; the inbound window bounds how many run at once (each holds its message) and the client is held back, the callbacks still start in order with every byte
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/backpressure.inc';
$c = tls_certs();
$n = 128;
$size = 65536;
$srv = new TridentTestServer(backpressure_server("{$c['dir']}/unused", 0.5, [], true));
$out = wsclient('h1', $srv->port, ["send-binary-seq:$n:$size", 'close:1000'], [], null, 60);
echo preg_replace('/^sent .*\n/m', '', $out);
// Every callback has finished once the last one's sleep is over.
for ($i = 0; $i < 100; $i++) {
    [, $line] = trident_curl([$srv->url('/report')]);
    $f = explode(' ', $line);
    if (count($f) === 8 && (int)$f[0] === $n && (int)$f[6] === 0) break;
    usleep(100000);
}
[$count, $bytes, $md5, , , , $live, $max_live] = $f + array_fill(0, 8, '');
preg_match('/longest stall ([\d.]+) s/', $out, $m);
echo 'the client was held back: ', (float)($m[1] ?? 0) >= 0.3 ? 'yes' : 'NO (' . ($m[1] ?? '?') . ' s)', "\n";
echo "callbacks ran for $count messages, $bytes bytes, in order: ", $md5 === backpressure_expected_md5($n, $size) ? 'yes' : 'NO', "\n";
// 1 MiB window / (64 KiB + 4 KiB) per message = 15, plus what one socket read brings past it.
echo 'callbacks at once bounded by the window: ', (int)$max_live <= 40 ? 'yes' : "NO ($max_live)", "\n";
$log = $srv->stop();
if (preg_match('/Fatal|Warning|Notice/', $log)) echo "server log:\n$log";
?>
--EXPECT--
open 101 ext=- proto=-
close 1000
end
the client was held back: yes
callbacks ran for 128 messages, 8388608 bytes, in order: yes
callbacks at once bounded by the window: yes
