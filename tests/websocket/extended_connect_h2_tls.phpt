--TEST--
WebSocket over HTTP/2 with TLS (RFC 8441, ALPN h2, certificate verified): extended CONNECT answered 200, text and binary echo of 0 B to 1 MiB byte-exact, fragments, ping/pong, close handshakes both ways, 1002 for an unmasked frame, permessage-deflate; a subprotocol offer; HTTP/1.1 WebSockets over TLS on the same port
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$c = tls_certs();
$log = "{$c['dir']}/events.log";
$srv = new TridentTestServer(wsclient_echo_server($c, true, false, $log, ['websocket_compression' => true]));

echo "-- echo\n", wsclient('h2', $srv->port, wsclient_echo_steps(), ['--path', '/chat?room=1'], $c['cert']);
echo wsclient_events($log, 1);
echo "-- the server closes\n", wsclient('h2', $srv->port, ['send-text:bye', 'expect-close:4000'], [], $c['cert']);
echo "-- an unmasked client frame\n", wsclient('h2', $srv->port, ['send-raw-hex:810568656c6c6f', 'expect-close:1002'], [], $c['cert']);
echo "-- a subprotocol the server does not choose, an extra header\n",
    wsclient('h2', $srv->port, ['send-text:hi', 'expect-echo', 'close:1000'], ['--subprotocol', 'chat', '--header', 'X-Test: 1'], $c['cert']);
echo wsclient_events($log, 3);
echo "-- HTTP/1.1 over TLS on the same port\n", wsclient('h1-tls', $srv->port, ['send-text:over http/1.1', 'expect-echo', 'close:1000'], [], $c['cert']);
echo wsclient_events($log, 1);
echo "-- an untrusted certificate is refused by the client\n", wsclient('h2', $srv->port, ['send-text:x']);
echo "-- permessage-deflate\n", wsclient('h2', $srv->port, ['send-text-size:1048576', 'expect-echo', 'send-binary-size:65536', 'expect-echo', 'echo-loop:50:1000', 'close:1000'], ['--deflate'], $c['cert']);
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
open HTTP/2 /chat?room=1
close
-- the server closes
open 200 ext=- proto=-
close 4000 as asked
end
-- an unmasked client frame
open 200 ext=- proto=-
close 1002 client frame not masked
end
-- a subprotocol the server does not choose, an extra header
open 200 ext=- proto=-
text 2 hi
close 1000
end
open HTTP/2 /
close
open HTTP/2 /
close
open HTTP/2 /
close
-- HTTP/1.1 over TLS on the same port
open 101 ext=- proto=-
text 13 over http/1.1
close 1000
end
open HTTP/1.1 /
close
-- an untrusted certificate is refused by the client
exit 1: wsclient: opening handshake: TLS handshake failed: certificate: self-signed certificate
-- permessage-deflate
open 200 ext=permessage-deflate proto=-
text 1048576 abcdefghijklmnopqrstuvwxyzabcdefghijklmn
binary 65536
echo-loop 50 x 1000 bytes: %d round trips/s
close 1000
end
open HTTP/2 /
close
server log clean
