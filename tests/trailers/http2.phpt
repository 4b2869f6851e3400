--TEST--
Request trailers on HTTP/2: nghttp's --trailer fields reach $request->trailer after the whole body (also when the body waited for flow control); a pseudo-header in trailers, trailers without END_STREAM and an oversized trailer section reset or refuse only that stream, and the connection keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['nghttp']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../http2/h2raw.inc';
$srv = trailers_server(['http_max_header_size' => 4096]);

// A real client: nghttp sends the body, then a HEADERS with its --trailer fields and END_STREAM.
// Fields trailers must not carry (RFC 9110 6.5.1) are dropped. (A content-length trailer never
// gets this far: nghttp2 resets the stream itself.)
$f = tempnam(sys_get_temp_dir(), 'h2trl');
register_shutdown_function(fn() => @unlink($f));
file_put_contents($f, 'nghttp-body');
[$rc, $out] = trident_run(['nghttp', '-d', $f, '--trailer', 'x-checksum: abc123', '--trailer', 'x-multi: a',
    '--trailer', 'x-multi: b', '--trailer', 'content-type: x/evil', '--trailer', 'authorization: secret',
    '--trailer', 'host: evil', $srv->url('/t')], null, 15);
echo "nghttp exit $rc\n$out";
// 300 KiB: more than the stream's first window, so the end arrives after bytes still on their way.
$big = str_repeat('0123456789abcdef', 300 * 64);
file_put_contents($f, $big);
[$rc, $out] = trident_run(['nghttp', '-d', $f, '--trailer', 'x-len: ' . strlen($big), $srv->url('/t')], null, 15);
echo "nghttp exit $rc ", str_starts_with($out, 'body=' . $big . "\n") ? 'body exact' : 'BODY DIFFERS', ' ',
    substr($out, strrpos($out, 'trailer=')), "";
// Without trailers: null.
file_put_contents($f, 'plain');
[$rc, $out] = trident_run(['nghttp', '-d', $f, $srv->url('/t')], null, 15);
echo "nghttp exit $rc\n$out";

$c = new H2Raw($srv->port);
$c->handshake();
$block = h2_request_block('POST', '/t');
// (a) A pseudo-header in the trailers: RST_STREAM PROTOCOL_ERROR (RFC 9113 8.1).
$c->send(h2_headers_frame(1, $block, false) . h2_frame(H2_DATA, 0, 1, 'one')
    . h2_headers_frame(1, h2_hpack_literal(4, '/evil') . h2_hpack_literal('x-ok', '1'), true));
$r = $c->response(1);
echo "pseudo in trailers: status {$r[0]} {$r[3]}\n";
// (b) Trailers without END_STREAM: a malformed message, RST_STREAM PROTOCOL_ERROR.
$c->send(h2_headers_frame(3, $block, false) . h2_frame(H2_DATA, 0, 3, 'two')
    . h2_headers_frame(3, h2_hpack_literal('x-ok', '1'), false));
$r = $c->response(3);
echo "trailers without END_STREAM: status {$r[0]} {$r[3]}\n";
// (c) A trailer section past http_max_header_size: 431 on that stream.
$pad = '';
for ($i = 0; $i < 40; $i++) $pad .= h2_hpack_literal("x-pad-$i", str_repeat('p', 100));
$c->send(h2_headers_frame(5, $block, false) . h2_frame(H2_DATA, 0, 5, 'three') . h2_headers_frame(5, $pad, true));
$r = $c->response(5);
echo "oversized trailers: status {$r[0]} {$r[3]} ", trim($r[2]), "\n";
// (d) The same connection serves on, trailers included.
$c->send(h2_headers_frame(7, $block, false) . h2_frame(H2_DATA, 0, 7, 'four')
    . h2_headers_frame(7, h2_hpack_literal('x-after', 'yes'), true));
$r = $c->response(7);
echo "after: status {$r[0]} {$r[3]}\n{$r[2]}";
echo 'goaway: ', json_encode($c->goaway), "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
nghttp exit 0
body=nghttp-body
trailer={"x-checksum":"abc123","x-multi":"a, b"}
nghttp exit 0 body exact trailer={"x-len":"307200"}
nghttp exit 0
body=plain
trailer=null
pseudo in trailers: status 0 rst PROTOCOL_ERROR
trailers without END_STREAM: status 0 rst PROTOCOL_ERROR
oversized trailers: status 431 end Request trailer fields too large
after: status 200 end
body=four
trailer={"x-after":"yes"}
goaway: null
