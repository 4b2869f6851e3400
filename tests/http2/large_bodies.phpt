--TEST--
HTTP/2: a 10 MiB response and a 10 MiB upload arrive byte-exact (md5); an upload over package_max_length gets 413 and the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
function blob(int $n): string {
    // 1000 digests per append: appending one at a time is quadratic under ASan, whose
    // realloc() always copies (scripts/test-asan).
    $s = '';
    for ($i = 0; strlen($s) < $n; $i += 1000) $s .= implode('', array_map(fn($j) => md5("blob$j", true), range($i, $i + 999)));
    return substr($s, 0, $n);
}
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'package_max_length' => 11 * 1024 * 1024]);
$server->on('Request', function ($req, $res) {
    switch ($req->server['request_uri']) {
        case '/download':
            $b = blob(10 * 1024 * 1024);
            $res->header('X-Md5', md5($b));
            $res->end($b);
            return;
        case '/upload':
            $raw = (string)$req->rawContent();
            $res->end(strlen($raw) . ' ' . md5($raw));
            return;
        default:
            $res->end('ok ' . $req->server['server_protocol']);
    }
});
$server->start();
PHP);

function blob(int $n): string {
    // 1000 digests per append: appending one at a time is quadratic under ASan, whose
    // realloc() always copies (scripts/test-asan).
    $s = '';
    for ($i = 0; strlen($s) < $n; $i += 1000) $s .= implode('', array_map(fn($j) => md5("blob$j", true), range($i, $i + 999)));
    return substr($s, 0, $n);
}
$tmp = tempnam(sys_get_temp_dir(), 'h2big');
register_shutdown_function(fn() => @unlink($tmp));

// 10 MiB download.
[$rc, $out, $err] = trident_curl(['--http2-prior-knowledge', '-o', $tmp, '-D', '-', '-w', '%{http_version} %{size_download}', $srv->url('/download')], 20);
$want = md5(blob(10 * 1024 * 1024));
echo "download: curl exit $rc, ", preg_match('/^HTTP\/2 200/', $out) ? 'HTTP/2 200' : 'status?', ", ", substr($out, strrpos($out, "\n") + 1), "\n";
echo "content-length header: ", preg_match('/^content-length: (\d+)\r$/m', $out, $m) ? $m[1] : 'none', "\n";
echo "x-md5 header matches: ", var_export(preg_match('/^x-md5: ([0-9a-f]{32})\r$/m', $out, $m) && $m[1] === $want, true), "\n";
echo "body byte-exact: ", var_export(filesize($tmp) === 10485760 && md5_file($tmp) === $want, true), "\n";

// The same download through nghttp (its own flow-control handling): md5 of stdout.
[$rc, $out] = trident_run(['nghttp', '-t', '20', $srv->url('/download')], null, 25);
echo "nghttp download: exit $rc, ", strlen($out), " bytes, byte-exact: ", var_export(md5($out) === $want, true), "\n";

// 10 MiB upload: the handler answers the md5 of rawContent().
$up = blob(10 * 1024 * 1024 + 7);
file_put_contents($tmp, strrev($up));
[$st, $body] = h2_curl_get($srv->url('/upload'), ['-H', 'Content-Type: application/octet-stream', '--data-binary', '@' . $tmp], 20);
echo "upload: $st ", $body === (10485767 . ' ' . md5(strrev($up))) ? 'byte-exact' : "WRONG $body", "\n";
// The same upload streamed without a content-length (curl -T -).
[$rc, $out] = trident_run(['sh', '-c', 'curl -sS --max-time 20 --http2-prior-knowledge -X POST -T - -w " %{http_code}" "$1" < "$2"', 'sh', $srv->url('/upload'), $tmp], null, 25);
echo "upload streamed: ", $out === (10485767 . ' ' . md5(strrev($up)) . ' 200') ? 'byte-exact 200' : "WRONG $out", "\n";

// Over package_max_length (11 MiB): 413, and the server keeps serving.
file_put_contents($tmp, blob(12 * 1024 * 1024));
[$st, $body] = h2_curl_get($srv->url('/upload'), ['-H', 'Content-Type: application/octet-stream', '--data-binary', '@' . $tmp], 20);
echo "too large: $st ", trim($body), "\n";
// Same without a content-length (the client streams the body): still 413.
// (curl -T - sends no content-length.)
[$rc, $out] = trident_run(['sh', '-c', 'curl -sS --max-time 20 --http2-prior-knowledge -X POST -T - -o /dev/null -w "%{http_code}" "$1" < "$2"', 'sh', $srv->url('/upload'), $tmp], null, 25);
echo "too large, streamed: $out\n";
[$st, $body] = h2_curl_get($srv->url('/after'));
echo "after: $st $body\n";
$srv->stop();
?>
--EXPECT--
download: curl exit 0, HTTP/2 200, 2 10485760
content-length header: 10485760
x-md5 header matches: true
body byte-exact: true
nghttp download: exit 0, 10485760 bytes, byte-exact: true
upload: 200 byte-exact
upload streamed: byte-exact 200
too large: 413 Request body larger than package_max_length
too large, streamed: 413
after: 200 ok HTTP/2
