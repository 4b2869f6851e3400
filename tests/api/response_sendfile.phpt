--TEST--
Response: sendfile() sends a 200 KiB file byte-exact with Content-Type by extension and Content-Length; offset/length ranges
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$state = [];
$server->on('Request', function ($req, $res) use (&$state) {
    $g = $req->get ?? [];
    if ($req->server['request_uri'] === '/state') { $res->end(json_encode($state)); return; }
    if (isset($g['ct'])) $res->header('Content-Type', $g['ct']);
    $state[] = $res->sendfile($g['path'], (int)($g['offset'] ?? 0), (int)($g['length'] ?? 0));
});
$server->start();
PHP);
$dir = sys_get_temp_dir() . '/trident_api_sendfile_' . getmypid();
@mkdir($dir);
$data = '';
for ($i = 0; strlen($data) < 200 * 1024; $i++) $data .= hash('sha256', "block $i", true);
$data = substr($data, 0, 200 * 1024);
foreach (['png', 'txt', 'unknownext', 'JSON'] as $ext) file_put_contents("$dir/file.$ext", $data);
file_put_contents("$dir/noext", $data);
file_put_contents("$dir/empty.txt", '');
$get = function (array $q, string $label) use ($srv, $data) {
    $body = tempnam(sys_get_temp_dir(), 'trident_api_dl_');
    [$code, $head, $err] = trident_curl(['-sS', '-D', '-', '-o', $body, $srv->url('/?' . http_build_query($q))]);
    $got = file_get_contents($body);
    unlink($body);
    $want = isset($q['offset']) || isset($q['length'])
        ? substr($data, (int)($q['offset'] ?? 0), ($q['length'] ?? 0) ? (int)$q['length'] : null)
        : (str_ends_with($q['path'], 'empty.txt') ? '' : $data);
    echo "== $label (curl exit $code$err)\n", api_show($head, true);
    echo "body: ", strlen($got), " bytes, ", $got === $want ? 'exact' : 'DIFFERENT', "\n";
};
$get(['path' => "$dir/file.png"], 'png 200 KiB');
$get(['path' => "$dir/file.txt"], 'txt');
$get(['path' => "$dir/file.JSON"], 'JSON (extension case-insensitive)');
$get(['path' => "$dir/file.unknownext"], 'unknown extension');
$get(['path' => "$dir/noext"], 'no extension');
$get(['path' => "$dir/file.png", 'ct' => 'image/x-custom'], 'Content-Type set by the handler wins');
$get(['path' => "$dir/file.png", 'offset' => 1000, 'length' => 5000], 'offset 1000 length 5000');
$get(['path' => "$dir/file.png", 'offset' => 200 * 1024 - 10], 'offset only (to the end)');
$get(['path' => "$dir/file.png", 'offset' => 100, 'length' => 10 * 1024 * 1024], 'length past the end is clamped');
$get(['path' => "$dir/empty.txt"], 'empty file');
echo "returns: ", api_curl([$srv->url('/state')]), "\n";
foreach (glob("$dir/*") as $f) unlink($f);
rmdir($dir);
$srv->stop();
?>
--EXPECT--
== png 200 KiB (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: image/png
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== txt (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: text/plain
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== JSON (extension case-insensitive) (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: application/json
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== unknown extension (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: application/octet-stream
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== no extension (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: application/octet-stream
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== Content-Type set by the handler wins (curl exit 0)
HTTP/1.1 200 OK
Content-Type: image/x-custom
Accept-Ranges: bytes
Date: <date>
Content-Length: 204800

body: 204800 bytes, exact
== offset 1000 length 5000 (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: image/png
Date: <date>
Content-Length: 5000

body: 5000 bytes, exact
== offset only (to the end) (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: image/png
Date: <date>
Content-Length: 10

body: 10 bytes, exact
== length past the end is clamped (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: image/png
Date: <date>
Content-Length: 204700

body: 204700 bytes, exact
== empty file (curl exit 0)
HTTP/1.1 200 OK
Accept-Ranges: bytes
Content-Type: text/plain
Date: <date>
Content-Length: 0

body: 0 bytes, exact
returns: [true,true,true,true,true,true,true,true,true,true]
