--TEST--
WebSocket over HTTP/1.1 with TLS (wsclient --h1 --tls, certificate verified): the 101 with the right Sec-WebSocket-Accept, text and binary echo of 0 B to 1 MiB byte-exact, fragments, ping/pong, both close handshakes (the server closes TCP after them), 1002 for an unmasked frame, permessage-deflate
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$c = tls_certs();
$log = "{$c['dir']}/events.log";
$srv = new TridentTestServer(wsclient_echo_server($c, true, false, $log, ['websocket_compression' => true]));

echo "-- echo\n", wsclient('h1-tls', $srv->port, wsclient_echo_steps(), ['--path', '/chat?room=1'], $c['cert']);
echo wsclient_events($log, 1);
echo "-- the server closes\n", wsclient('h1-tls', $srv->port, ['send-text:bye', 'expect-close:4000'], [], $c['cert']);
echo "-- an unmasked client frame\n", wsclient('h1-tls', $srv->port, ['send-raw-hex:810568656c6c6f', 'expect-close:1002'], [], $c['cert']);
echo "-- permessage-deflate\n", wsclient('h1-tls', $srv->port, ['send-text-size:1048576', 'expect-echo', 'send-binary-size:65536', 'expect-echo', 'close:1000'], ['--deflate'], $c['cert']);
echo wsclient_events($log, 3);
$out = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
-- echo
open 101 ext=- proto=-
text 0
binary 0
text 125 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 125
text 126 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 126
text 65536 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 65536
text 1048576 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 1048576
binary 70000
pong are you there
close 1000
end
open HTTP/1.1 /chat?room=1
close
-- the server closes
open 101 ext=- proto=-
close 4000 as asked
end
-- an unmasked client frame
open 101 ext=- proto=-
close 1002 client frame not masked
end
-- permessage-deflate
open 101 ext=permessage-deflate proto=-
text 1048576 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 65536
close 1000
end
open HTTP/1.1 /
close
open HTTP/1.1 /
close
open HTTP/1.1 /
close
server log clean
