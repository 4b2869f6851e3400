--TEST--
WebSocket over HTTP/3 (RFC 9220): SETTINGS_ENABLE_CONNECT_PROTOCOL in the server's SETTINGS, extended CONNECT answered 200, text and binary echo of 0 B to 1 MiB byte-exact, fragments, ping/pong, close handshakes both ways (FIN after them), 1002 for an unmasked frame, permessage-deflate, 1007 for invalid UTF-8; HTTP/2 WebSockets on the same port number over TCP
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(true); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$c = tls_certs();
$log = "{$c['dir']}/events.log";
$srv = new TridentTestServer(wsclient_echo_server($c, true, true, $log, ['websocket_compression' => true]));

echo "-- echo\n", wsclient('h3', $srv->port, wsclient_echo_steps(), ['--path', '/chat?room=1'], $c['cert']);
echo wsclient_events($log, 1);
echo "-- the server closes\n", wsclient('h3', $srv->port, ['send-text:bye', 'expect-close:4000'], [], $c['cert']);
echo "-- an unmasked client frame\n", wsclient('h3', $srv->port, ['send-raw-hex:810568656c6c6f', 'expect-close:1002'], [], $c['cert']);
echo "-- invalid UTF-8 in a text message\n", wsclient('h3', $srv->port, ['send-raw-hex:818200000000c328', 'expect-close:1007'], [], $c['cert']);
echo wsclient_events($log, 3);
echo "-- HTTP/2 over TCP beside it\n", wsclient('h2', $srv->port, ['send-text:over tcp', 'expect-echo', 'close:1000'], [], $c['cert']);
echo wsclient_events($log, 1);
echo "-- permessage-deflate\n", wsclient('h3', $srv->port, ['send-text-size:1048576', 'expect-echo', 'send-binary-size:65536', 'expect-echo', 'echo-loop:50:1000', 'close:1000'], ['--deflate'], $c['cert']);
echo wsclient_events($log, 1);
$out = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECTF--
-- echo
open 200 ext=- proto=-
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
open HTTP/3 /chat?room=1
close
-- the server closes
open 200 ext=- proto=-
close 4000 as asked
end
-- an unmasked client frame
open 200 ext=- proto=-
close 1002 client frame not masked
end
-- invalid UTF-8 in a text message
open 200 ext=- proto=-
close 1007 invalid UTF-8 in text message
end
open HTTP/3 /
close
open HTTP/3 /
close
open HTTP/3 /
close
-- HTTP/2 over TCP beside it
open 200 ext=- proto=-
text 8 over tcp
close 1000
end
open HTTP/2 /
close
-- permessage-deflate
open 200 ext=permessage-deflate proto=-
text 1048576 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 65536
echo-loop 50 x 1000 bytes: %d round trips/s
close 1000
end
open HTTP/3 /
close
server log clean
