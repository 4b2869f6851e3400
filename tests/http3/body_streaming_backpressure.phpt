--TEST--
HTTP/3 with http_body_streaming and a slow reader: a 64 MiB upload whose handler sleeps 2 s before read() completes byte-exact while the worker holds at most about input_window_size of it (the reactor stops extending the stream's MAX_STREAM_DATA, not the connection's)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("asserts RSS bounds, and ASan's quarantine and shadow memory grow RSS by design");
require __DIR__ . '/h3.inc'; h3_skipif(['curl']); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
require __DIR__ . '/../http1/body_streaming_backpressure.inc';
$c = tls_certs();
[$path, $md5] = body_backpressure_file(64);
// The server of the HTTP/1.1 test, keeping its last answer for GET /last (h3load prints no bodies).
$code = str_replace(
    ['$server->on(\'Request\', function ($req, $res) {', '$res->end(sprintf('],
    ['$last = \'\'; $server->on(\'Request\', function ($req, $res) use (&$last) { if ($req->server[\'request_uri\'] === \'/last\') { $res->end($last); return; }',
     '$res->end($last = sprintf('],
    body_backpressure_server(['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key'], 'open_http3_protocol' => true]));
$srv = new TridentTestServer($code);
[, $out] = trident_run([__DIR__ . '/../../bench/h3load/h3load', '-n', '1', '-d', $path, "https://127.0.0.1:{$srv->port}/up"], null, 90);
echo preg_match('/^status codes: (.*)$/m', $out, $m) ? $m[1] : "no status line:\n$out", "\n";
[, $last] = trident_curl(['-k', "https://127.0.0.1:{$srv->port}/last"]);
body_backpressure_report($last, $path, $md5, 16 * 1024);
$log = $srv->stop();
if (preg_match('/Fatal|Warning|Notice/', $log)) echo "server log:\n$log";
?>
--EXPECT--
1 2xx, 0 3xx, 0 4xx, 0 5xx
body complete and byte-exact: yes
worker RSS bounded while the handler did not read: yes
