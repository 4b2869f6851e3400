--TEST--
Response: a streamed response whose handler set a Content-Length that is not a number goes out without it (chunked on HTTP/1.1, framed by END_STREAM on HTTP/2), whole, with a warning in the log; a numeric one is kept
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true, 'log_level' => Trident\Http\Server::LOG_WARNING]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->header('Content-Length', $req->get['length']);
    $res->write('hello');
    $res->write(' world');
    $res->end();
});
$server->start();
PHP);
foreach (['abc', '-11', '11 ', '11'] as $length) {
    $q = '/?length=' . rawurlencode($length);
    echo "--- Content-Length ", json_encode($length), "\n";
    echo api_show(api_curl(['-i', '--http1.1', $srv->url($q)]));
    $out = api_curl(['-s', '--http2-prior-knowledge', '-w', '\n%{http_code} %{size_download}', '-D', '-', $srv->url($q)]);
    preg_match('~^content-length: (.*)\r$~mi', $out, $m);
    echo "h2: ", substr($out, strrpos($out, "\n") + 1), " content-length=", $m[1] ?? 'none', " body=", str_contains($out, "\r\n\r\nhello world\n") ? 'whole' : 'BAD', "\n";
}
$log = $srv->stop();
preg_match_all('~response Content-Length "[^"]*" is not a number: ignored~', $log, $m);
echo implode("\n", $m[0]), "\n";
?>
--EXPECT--
--- Content-Length "abc"
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked

hello world
h2: 200 11 content-length=none body=whole
--- Content-Length "-11"
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked

hello world
h2: 200 11 content-length=none body=whole
--- Content-Length "11 "
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked

hello world
h2: 200 11 content-length=none body=whole
--- Content-Length "11"
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 11

hello world
h2: 200 11 content-length=11 body=whole
response Content-Length "abc" is not a number: ignored
response Content-Length "abc" is not a number: ignored
response Content-Length "-11" is not a number: ignored
response Content-Length "-11" is not a number: ignored
response Content-Length "11 " is not a number: ignored
response Content-Length "11 " is not a number: ignored
