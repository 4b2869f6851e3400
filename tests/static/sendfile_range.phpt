--TEST--
Response::sendfile() Range: with no status set by the handler, a GET's Range gives 206 with Content-Range (three forms, also within an offset/length window), 416 with bytes */size, several ranges or a non-matching If-Range (handler's ETag or the file's date) give 200 with everything; a handler that set the status, and HEAD, get no range handling; Accept-Ranges advertised; a 5 MiB file byte-exact over HTTP/1.1 and h2c
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$dir = sys_get_temp_dir() . '/trident_sendfile_range_' . bin2hex(random_bytes(4));
mkdir($dir);
$data = '';
for ($i = 0; strlen($data) < 1024; $i++) $data .= hash('sha256', "r$i", true);
$data = substr($data, 0, 1024);
file_put_contents("$dir/f.bin", $data);
touch("$dir/f.bin", 1700000000);
$big = random_bytes(5 * 1024 * 1024 + 7);
file_put_contents("$dir/big.bin", $big);
$srv = new TridentTestServer('$DIR = ' . var_export($dir, true) . ";\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($DIR) {
    $g = $req->get ?? [];
    if (isset($g['status'])) $res->status((int)$g['status']);
    if (isset($g['etag'])) $res->header('ETag', $g['etag']);
    $res->sendfile($DIR . '/' . ($g['f'] ?? 'f.bin'), (int)($g['offset'] ?? 0), (int)($g['length'] ?? 0));
});
$server->start();
PHP);
$show = function (string $q, array $headers = [], string $method = 'GET') use ($srv, $data) {
    $req = "$method /?$q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" . implode('', array_map(fn($h) => "$h\r\n", $headers)) . "\r\n";
    [$status, $h, $body] = trident_parse_response(trident_raw($srv->port, $req, 10));
    $expect = null;
    if (isset($h['content-range']) && preg_match('#^bytes (\d+)-(\d+)/(\d+)$#', $h['content-range'], $m)) {
        parse_str($q, $qa);
        $expect = substr(substr($data, (int)($qa['offset'] ?? 0), ($qa['length'] ?? 0) ? (int)$qa['length'] : null), (int)$m[1], $m[2] - $m[1] + 1);
    }
    echo str_pad("$method ?$q " . implode(' ', $headers), 62), " => $status",
        ' range=', $h['content-range'] ?? '-', ' accept=', $h['accept-ranges'] ?? '-', ' length=', $h['content-length'] ?? '-',
        ' body=', strlen($body), $expect !== null ? ($body === $expect ? ' exact' : ' WRONG') : ($status == 200 && $method === 'GET' && strlen($body) ? (in_array($body, [$data, substr($data, 100, 200)], true) ? ' exact' : ' WRONG') : ''), "\n";
};
$show('');
$show('', ['Range: bytes=0-9']);
$show('', ['Range: bytes=1000-']);
$show('', ['Range: bytes=-24']);
$show('', ['Range: bytes=1024-']);
$show('', ['Range: bytes=0-1,4-5']);
$show('offset=100&length=200', ['Range: bytes=0-9']);
$show('offset=100&length=200', ['Range: bytes=-10']);
$show('offset=100&length=200', ['Range: bytes=200-']);
$show('', ['Range: bytes=0-3', 'If-Range: Tue, 14 Nov 2023 22:13:20 GMT']);
$show('', ['Range: bytes=0-3', 'If-Range: Mon, 13 Nov 2023 22:13:20 GMT']);
$show('etag=%22v1%22', ['Range: bytes=0-3', 'If-Range: "v1"']);
$show('etag=%22v1%22', ['Range: bytes=0-3', 'If-Range: "v2"']);
$show('', ['Range: bytes=0-3', 'If-Range: "no-etag-set"']);
$show('status=200', ['Range: bytes=0-9']);
$show('status=404', ['Range: bytes=0-9']);
$show('', ['Range: bytes=0-9'], 'HEAD');
foreach ([[], ['--http2-prior-knowledge']] as $opt) {
    [$code, $out] = trident_curl([...$opt, $srv->url('/?f=big.bin')], 30);
    echo ($opt ? 'h2c' : 'h1'), " big: ", strlen($out), ' ', var_export($out === $big, true), "\n";
    [$code, $out] = trident_curl([...$opt, '-r', '1000000-4999999', $srv->url('/?f=big.bin')], 30);
    echo ($opt ? 'h2c' : 'h1'), " big range: ", strlen($out), ' ', var_export($out === substr($big, 1000000, 4000000), true), "\n";
}
$srv->stop();
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
GET ?                                                          => 200 range=- accept=bytes length=1024 body=1024 exact
GET ? Range: bytes=0-9                                         => 206 range=bytes 0-9/1024 accept=bytes length=10 body=10 exact
GET ? Range: bytes=1000-                                       => 206 range=bytes 1000-1023/1024 accept=bytes length=24 body=24 exact
GET ? Range: bytes=-24                                         => 206 range=bytes 1000-1023/1024 accept=bytes length=24 body=24 exact
GET ? Range: bytes=1024-                                       => 416 range=bytes */1024 accept=bytes length=0 body=0
GET ? Range: bytes=0-1,4-5                                     => 200 range=- accept=bytes length=1024 body=1024 exact
GET ?offset=100&length=200 Range: bytes=0-9                    => 206 range=bytes 0-9/200 accept=bytes length=10 body=10 exact
GET ?offset=100&length=200 Range: bytes=-10                    => 206 range=bytes 190-199/200 accept=bytes length=10 body=10 exact
GET ?offset=100&length=200 Range: bytes=200-                   => 416 range=bytes */200 accept=bytes length=0 body=0
GET ? Range: bytes=0-3 If-Range: Tue, 14 Nov 2023 22:13:20 GMT => 206 range=bytes 0-3/1024 accept=bytes length=4 body=4 exact
GET ? Range: bytes=0-3 If-Range: Mon, 13 Nov 2023 22:13:20 GMT => 200 range=- accept=bytes length=1024 body=1024 exact
GET ?etag=%22v1%22 Range: bytes=0-3 If-Range: "v1"             => 206 range=bytes 0-3/1024 accept=bytes length=4 body=4 exact
GET ?etag=%22v1%22 Range: bytes=0-3 If-Range: "v2"             => 200 range=- accept=bytes length=1024 body=1024 exact
GET ? Range: bytes=0-3 If-Range: "no-etag-set"                 => 200 range=- accept=bytes length=1024 body=1024 exact
GET ?status=200 Range: bytes=0-9                               => 200 range=- accept=- length=1024 body=1024 exact
GET ?status=404 Range: bytes=0-9                               => 404 range=- accept=- length=1024 body=1024
HEAD ? Range: bytes=0-9                                        => 200 range=- accept=bytes length=1024 body=0
h1 big: 5242887 true
h1 big range: 4000000 true
h2c big: 5242887 true
h2c big range: 4000000 true