--TEST--
Misuse: sendfile() of a missing file, a directory or with an offset past the end returns false with a warning; the handler can still answer
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $g = $req->get;
    $r = $res->sendfile($g['path'], (int)($g['offset'] ?? 0));
    $w = $res->isWritable();
    $res->status(404);
    $res->header('Content-Type', 'text/plain');
    $res->end('sendfile returned ' . var_export($r, true) . ', writable ' . var_export($w, true));
});
$server->start();
PHP);
$missing = sys_get_temp_dir() . '/trident_api_no_such_file_' . getmypid() . '.txt';
$small = tempnam(sys_get_temp_dir(), 'trident_api_small_');
file_put_contents($small, '0123456789');
$paths = [['path' => $missing], ['path' => sys_get_temp_dir()], ['path' => $small, 'offset' => 11]];
foreach ($paths as $q) echo api_show(api_curl(['-i', $srv->url('/?' . http_build_query($q))]));
unlink($small);
$log = $srv->stop();
echo str_replace([$missing, sys_get_temp_dir(), basename($small)], ['MISSING', 'TMPDIR', 'SMALL'], api_log_php_messages($log));
?>
--EXPECT--
HTTP/1.1 404 Not Found
Content-Type: text/plain
Date: <date>
Content-Length: 38

sendfile returned false, writable true
HTTP/1.1 404 Not Found
Content-Type: text/plain
Date: <date>
Content-Length: 38

sendfile returned false, writable true
HTTP/1.1 404 Not Found
Content-Type: text/plain
Date: <date>
Content-Length: 38

sendfile returned false, writable true
Warning: Trident\Http\Response::sendfile(): Cannot open "MISSING": No such file or directory in <script> on line <n>
Warning: Trident\Http\Response::sendfile(): "TMPDIR" is not a regular file in <script> on line <n>
Warning: Trident\Http\Response::sendfile(): Offset 11 is beyond the end of "TMPDIR/SMALL" in <script> on line <n>
