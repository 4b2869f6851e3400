--TEST--
Request: $post for an application/x-www-form-urlencoded body (arrays, decoding); null for other content types
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
    $res->end(json_encode(['post' => $req->post, 'get' => $req->get, 'files' => $req->files, 'raw' => $req->rawContent()],
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
});
$server->start();
PHP);
echo api_curl(['-d', 'name=J%C3%BCrgen+M&list[]=a&list[]=b&map[k]=v&sym=%26%3D', $srv->url('/form?q=1')]), "\n";
echo api_curl(['-H', 'Content-Type: Application/X-WWW-Form-Urlencoded; charset=UTF-8', '-d', 'x=1', $srv->url('/form')]), "\n";
echo api_curl(['-H', 'Content-Type: application/json', '-d', '{"x":1}', $srv->url('/json')]), "\n";
echo api_curl(['-H', 'Content-Type: text/plain', '-d', 'x=1', $srv->url('/text')]), "\n";
$srv->stop();
?>
--EXPECT--
{"post":{"name":"Jürgen M","list":["a","b"],"map":{"k":"v"},"sym":"&="},"get":{"q":"1"},"files":null,"raw":"name=J%C3%BCrgen+M&list[]=a&list[]=b&map[k]=v&sym=%26%3D"}
{"post":{"x":"1"},"get":null,"files":null,"raw":"x=1"}
{"post":null,"get":null,"files":null,"raw":"{\"x\":1}"}
{"post":null,"get":null,"files":null,"raw":"x=1"}
