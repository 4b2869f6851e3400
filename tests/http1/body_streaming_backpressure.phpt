--TEST--
http_body_streaming with a slow reader: a 64 MiB upload whose handler sleeps 2 s before read() and then reads slowly completes byte-exact while the worker holds at most about input_window_size of it (the reactor stops reading the socket / holds the HTTP/2 stream's window), over HTTP/1.1 and h2c
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts RSS bounds, and ASan's quarantine and shadow memory grow RSS by design");
require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/body_streaming_backpressure.inc';
[$path, $md5] = body_backpressure_file(64);
foreach (['HTTP/1.1' => [], 'h2c' => ['--http2-prior-knowledge']] as $name => $flags) {
    echo "-- $name\n";
    $srv = new TridentTestServer(body_backpressure_server(['open_http2_protocol' => true]));
    [$rc, $out] = trident_curl([...$flags, '-sS', '-H', 'Expect:', '-H', 'Content-Type: application/octet-stream',
                                '--data-binary', "@$path", '-w', '\n%{http_code} %{http_version}', $srv->url('/up')], 90);
    $lines = explode("\n", $out);
    echo 'status: ', end($lines), "\n";
    body_backpressure_report($lines[0], $path, $md5, 16 * 1024);
    $log = $srv->stop();
    if (preg_match('/Fatal|Warning|Notice/', $log)) echo "server log:\n$log";
}
?>
--EXPECT--
-- HTTP/1.1
status: 200 1.1
body complete and byte-exact: yes
worker RSS bounded while the handler did not read: yes
-- h2c
status: 200 2
body complete and byte-exact: yes
worker RSS bounded while the handler did not read: yes
