--TEST--
Request: $cookie parses the Cookie header like PHP's $_COOKIE (values decoded with rawurldecode, first occurrence wins)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode(['cookie' => $req->cookie, 'header' => $req->header['cookie'] ?? null], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
});
$server->start();
PHP);
echo api_curl(['-b', 'a=1; b=hello%20world', $srv->url('/')]), "\n";
// '+' is not a space in a cookie (PHP decodes cookie values with rawurldecode); the first 'a' wins.
echo api_curl(['-b', 'a=1; c=x+y%2B; a=2; u=%C3%A9; e=; arr[k]=v', $srv->url('/')]), "\n";
// Two Cookie header fields are joined with "; ".
echo api_curl(['-H', 'Cookie: one=1', '-H', 'Cookie: two=2', $srv->url('/')]), "\n";
echo api_curl([$srv->url('/')]), "\n";
$srv->stop();
?>
--EXPECT--
{"cookie":{"a":"1","b":"hello world"},"header":"a=1; b=hello%20world"}
{"cookie":{"a":"1","c":"x+y+","u":"é","e":"","arr":{"k":"v"}},"header":"a=1; c=x+y%2B; a=2; u=%C3%A9; e=; arr[k]=v"}
{"cookie":{"one":"1","two":"2"},"header":"one=1; two=2"}
{"cookie":null,"header":null}
