--TEST--
Request: $get parses the query string like PHP's $_GET (arrays, nested keys, url-decoding); null without a query
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
    $res->end(json_encode(['get' => $req->get, 'qs' => $req->server['query_string'] ?? '(unset)', 'uri' => $req->server['request_uri']],
        JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
});
$server->start();
PHP);
$queries = [
    '/g?a[]=1&a[]=2&b[x]=y',
    '/g?s=hello%20world&p=1+2&amp=%26%3D%3F&u=%C3%A9t%C3%A9&empty=&bare',
    '/g?enc%5Bk%5D=v&m[a][b]=deep&n[]=x&n[5]=y&n[]=z',
    '/g?x=1&x=2',
    '/g',
    '/g?',
];
foreach ($queries as $q) {
    echo $q, "\n  ", api_curl(['-g', $srv->url($q)]), "\n";
}
$srv->stop();
?>
--EXPECT--
/g?a[]=1&a[]=2&b[x]=y
  {"get":{"a":["1","2"],"b":{"x":"y"}},"qs":"a[]=1&a[]=2&b[x]=y","uri":"/g"}
/g?s=hello%20world&p=1+2&amp=%26%3D%3F&u=%C3%A9t%C3%A9&empty=&bare
  {"get":{"s":"hello world","p":"1 2","amp":"&=?","u":"été","empty":"","bare":""},"qs":"s=hello%20world&p=1+2&amp=%26%3D%3F&u=%C3%A9t%C3%A9&empty=&bare","uri":"/g"}
/g?enc%5Bk%5D=v&m[a][b]=deep&n[]=x&n[5]=y&n[]=z
  {"get":{"enc":{"k":"v"},"m":{"a":{"b":"deep"}},"n":{"0":"x","5":"y","6":"z"}},"qs":"enc%5Bk%5D=v&m[a][b]=deep&n[]=x&n[5]=y&n[]=z","uri":"/g"}
/g?x=1&x=2
  {"get":{"x":"2"},"qs":"x=1&x=2","uri":"/g"}
/g
  {"get":null,"qs":"(unset)","uri":"/g"}
/g?
  {"get":null,"qs":"","uri":"/g"}
