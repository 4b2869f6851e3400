--TEST--
Response: end() with a 5 MiB body arrives byte-exact (md5) with Content-Length (not chunked), twice on one connection; HTTP/1.0 too
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    // Every 9-byte line is different, so a lost, repeated or reordered block changes the md5.
    $n = (int)$req->get['n'];
    // 1000 lines per append: appending one line at a time is quadratic under ASan, whose
    // realloc() always copies (scripts/test-asan).
    $body = '';
    for ($i = 0; strlen($body) < $n; $i += 1000) $body .= implode('', array_map(fn($j) => sprintf("%08d\n", $j), range($i, $i + 999)));
    $res->header('Content-Type', 'application/octet-stream');
    $res->end(substr($body, 0, $n));
});
$server->start();
PHP);
$n = 5 * 1024 * 1024;
$expect = '';
for ($i = 0; strlen($expect) < $n; $i += 1000) $expect .= implode('', array_map(fn($j) => sprintf("%08d\n", $j), range($i, $i + 999)));
$expect = substr($expect, 0, $n);
$f1 = tempnam(sys_get_temp_dir(), 'trident_api_big_');
$f2 = tempnam(sys_get_temp_dir(), 'trident_api_big_');
[$code, $heads, $err] = trident_curl(['-D', '-', '-o', $f1, $srv->url("/?n=$n"), '-o', $f2, $srv->url("/?n=$n")]);
echo "curl exit $code $err\n";
echo api_show($heads, true);
foreach ([$f1, $f2] as $f) {
    $got = file_get_contents($f);
    echo strlen($got), " bytes, md5 ", md5($got) === md5($expect) ? 'matches' : 'DIFFERS', "\n";
    unlink($f);
}
// HTTP/1.0 too (Content-Length delimited, then the connection closes).
[$code, $heads, $err] = trident_curl(['-0', '-D', '-', '-o', $f1, $srv->url("/?n=$n")]);
$got = file_get_contents($f1);
unlink($f1);
echo api_show($heads, true);
echo "HTTP/1.0: ", strlen($got), " bytes, md5 ", md5($got) === md5($expect) ? 'matches' : 'DIFFERS', "\n";
// Just above the size of one IPC frame (64 KiB).
[$code, $heads, $err] = trident_curl(['-D', '-', '-o', '/dev/null', $srv->url("/?n=70000")]);
echo api_show($heads, true);
$srv->stop();
?>
--EXPECT--
curl exit 0 
HTTP/1.1 200 OK
Content-Type: application/octet-stream
Date: <date>
Content-Length: 5242880

HTTP/1.1 200 OK
Content-Type: application/octet-stream
Date: <date>
Content-Length: 5242880

5242880 bytes, md5 matches
5242880 bytes, md5 matches
HTTP/1.0 200 OK
Content-Type: application/octet-stream
Date: <date>
Content-Length: 5242880
Connection: close

HTTP/1.0: 5242880 bytes, md5 matches
HTTP/1.1 200 OK
Content-Type: application/octet-stream
Date: <date>
Content-Length: 70000
