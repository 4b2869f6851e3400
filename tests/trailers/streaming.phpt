--TEST--
Request trailers with http_body_streaming: $request->trailer is null while the body streams and holds the trailers once read() reached the end (HTTP/1.1 chunked, HTTP/2), also after a body held back by the inbound window
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['nghttp']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../http1/helpers.inc';
// A small inbound window: the body waits in the reactor for the handler's credit, and the
// trailers must still come after its last byte.
$srv = trailers_server(['http_body_streaming' => true, 'input_window_size' => 65536]);

$c = new H1Client($srv->port);
$c->send("POST /stream HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
usleep(100000);  // the handler is reading: the rest arrives while it runs
$c->send("6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n");
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];
$c->close();

$f = tempnam(sys_get_temp_dir(), 'h2trl');
register_shutdown_function(fn() => @unlink($f));
$big = str_repeat('z', 400 * 1024);
file_put_contents($f, $big);
[$rc, $out] = trident_run(['nghttp', '-d', $f, '--trailer', 'x-digest: ' . md5($big), $srv->url('/stream')], null, 15);
echo "nghttp exit $rc ", str_starts_with($out, 'body=' . $big . "\n") ? 'body exact' : 'BODY DIFFERS', "\n",
    substr($out, strpos($out, 'before=')), "";
echo md5($big), "\n";
$srv->stop();
?>
--EXPECT--
200
body=hello world
before=null
trailer={"x-checksum":"abc"}
nghttp exit 0 body exact
before=null
trailer={"x-digest":"276df1f7177e5b39cba2f60730c70f21"}
276df1f7177e5b39cba2f60730c70f21
