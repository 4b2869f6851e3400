--TEST--
Request trailers on HTTP/3: h3load's --trailer fields reach $request->trailer after the body (also with http_body_streaming's read()); a pseudo-header in trailers resets only that stream and the server keeps serving
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
require __DIR__ . '/helpers.inc';
$srv = trailers_server(['http_body_streaming' => true, 'input_window_size' => 65536], tls_certs());
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$tmp = tempnam(sys_get_temp_dir(), 'h3trl');
register_shutdown_function(function () use ($tmp) { @unlink($tmp); @unlink("$tmp.out"); @unlink("$tmp.out.headers"); });

function h3_post(string $path, string $body, array $trailers): string {
    global $srv, $h3load, $tmp;
    file_put_contents($tmp, $body);
    @unlink("$tmp.out");
    $argv = [$h3load, '-n', '1', '-d', $tmp, '-o', "$tmp.out"];
    foreach ($trailers as $t) array_push($argv, '--trailer', $t);
    $argv[] = "https://127.0.0.1:{$srv->port}$path";
    [$rc, $out] = trident_run($argv, null, 30);
    $codes = preg_match('/^status codes: (.*)$/m', $out, $m) ? $m[1] : 'no status line';
    return "exit $rc, $codes\n" . (string)@file_get_contents("$tmp.out");
}

echo h3_post('/t', 'h3-body', ['X-Checksum: abc123', 'x-multi: a', 'x-multi: b', 'authorization: secret']);
// 200 KiB through a 64 KiB inbound window, read piecewise: the trailers come after all of it.
$big = str_repeat('0123456789', 20480);
$r = h3_post('/stream', $big, ['x-len: ' . strlen($big)]);
echo str_replace($big, '<200 KiB>', $r);
echo h3_post('/t', 'none', []);
// RFC 9114 4.1.2: a pseudo-header in trailers makes the message malformed: the stream is reset.
echo h3_post('/t', 'bad', [':path: /evil', 'x-ok: 1']);
echo h3_post('/t', 'after', ['x-after: yes']);
$srv->stop();
?>
--EXPECT--
exit 0, 1 2xx, 0 3xx, 0 4xx, 0 5xx
body=h3-body
trailer={"x-checksum":"abc123","x-multi":"a, b"}
exit 0, 1 2xx, 0 3xx, 0 4xx, 0 5xx
body=<200 KiB>
before=null
trailer={"x-len":"204800"}
exit 0, 1 2xx, 0 3xx, 0 4xx, 0 5xx
body=none
trailer=null
exit 1, 0 2xx, 0 3xx, 0 4xx, 0 5xx
exit 0, 1 2xx, 0 3xx, 0 4xx, 0 5xx
body=after
trailer={"x-after":"yes"}
