--TEST--
Request: rawContent()/getContent() return the exact body bytes (binary, PUT, large), false without a body
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $raw = $req->rawContent();
    $data = $req->getData();
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode([
        'method' => $req->getMethod(),
        'raw' => is_string($raw) ? (strlen($raw) <= 64 ? bin2hex($raw) : 'long') : $raw,
        'len' => is_string($raw) ? strlen($raw) : null,
        'md5' => is_string($raw) ? md5($raw) : null,
        'alias' => $req->getContent() === $raw,
        'post' => $req->post,
        'data_ends_with_body' => is_string($raw) ? substr($data, -strlen($raw)) === $raw : substr($data, -4) === "\r\n\r\n",
    ]));
});
$server->start();
PHP);
$small = tempnam(sys_get_temp_dir(), 'trident_api_body_');
file_put_contents($small, "a\0b\r\nc\xff" . implode('', array_map('chr', range(0, 31))));
$big = tempnam(sys_get_temp_dir(), 'trident_api_body_');
$bytes = '';
for ($i = 0; strlen($bytes) < 300000; $i++) $bytes .= md5((string)$i, true);
file_put_contents($big, $bytes);

echo api_curl(['-X', 'PUT', '-H', 'Content-Type: application/octet-stream', '--data-binary', "@$small", $srv->url('/small')]), "\n";
echo "expected hex: ", bin2hex(file_get_contents($small)), "\n";
$r = json_decode(api_curl(['-H', 'Content-Type: application/octet-stream', '--data-binary', "@$big", $srv->url('/big')]), true);
echo $r['method'], " len=", $r['len'], " md5 ok=", var_export($r['md5'] === md5($bytes), true), " alias=", var_export($r['alias'], true), " data=", var_export($r['data_ends_with_body'], true), "\n";
echo api_curl(['-X', 'POST', '-H', 'Content-Length: 0', $srv->url('/empty')]), "\n";
echo api_curl(['-X', 'DELETE', $srv->url('/none')]), "\n";
unlink($small);
unlink($big);
$srv->stop();
?>
--EXPECT--
{"method":"PUT","raw":"6100620d0a63ff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f","len":39,"md5":"3ce2925b6127161193236957996ae6f2","alias":true,"post":null,"data_ends_with_body":true}
expected hex: 6100620d0a63ff000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
POST len=300000 md5 ok=true alias=true data=true
{"method":"POST","raw":false,"len":null,"md5":null,"alias":true,"post":null,"data_ends_with_body":true}
{"method":"DELETE","raw":false,"len":null,"md5":null,"alias":true,"post":null,"data_ends_with_body":true}
