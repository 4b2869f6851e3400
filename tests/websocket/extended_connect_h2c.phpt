--TEST--
WebSocket over HTTP/2 cleartext (RFC 8441, h2c with prior knowledge): SETTINGS_ENABLE_CONNECT_PROTOCOL, extended CONNECT answered 200, text and binary echo of 0 B to 1 MiB byte-exact, fragments, ping/pong, close handshakes both ways (END_STREAM after them), an unmasked frame closed with 1002, invalid UTF-8 with 1007; plain HTTP/2 requests on the same port
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(); trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$c = tls_certs();
$log = "{$c['dir']}/events.log";
$srv = new TridentTestServer(wsclient_echo_server($c, false, false, $log));

echo "-- echo\n", wsclient('h2c', $srv->port, wsclient_echo_steps(), ['--path', '/chat?room=1']);
echo wsclient_events($log, 1);
echo "-- the server closes\n", wsclient('h2c', $srv->port, ['send-text:bye', 'expect-close:4000']);
echo "-- an unmasked client frame\n", wsclient('h2c', $srv->port, ['send-raw-hex:810568656c6c6f', 'expect-close:1002']);
echo "-- invalid UTF-8 in a text message\n", wsclient('h2c', $srv->port, ['send-raw-hex:818200000000c328', 'expect-close:1007']);
echo wsclient_events($log, 3);
echo "-- plain HTTP/2 on the same port\n";
[, $body] = trident_curl(['-s', '--http2-prior-knowledge', "http://127.0.0.1:{$srv->port}/x"]);
echo $body, "\n";
$out = $srv->stop();
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECT--
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
-- invalid UTF-8 in a text message
open 200 ext=- proto=-
close 1007 invalid UTF-8 in text message
end
open HTTP/2 /
close
open HTTP/2 /
close
open HTTP/2 /
close
-- plain HTTP/2 on the same port
plain HTTP/2
server log clean
