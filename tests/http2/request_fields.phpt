--TEST--
HTTP/2 request: headers, query string, cookies (one or several cookie fields), urlencoded POST, method, rawContent
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $h = $req->header;
    unset($h['user-agent']);
    ksort($h);
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode([
        'proto' => $req->server['server_protocol'],
        'method' => $req->getMethod(),
        'uri' => $req->server['request_uri'],
        'qs' => $req->server['query_string'] ?? null,
        'get' => $req->get,
        'cookie' => $req->cookie,
        'post' => $req->post,
        'raw' => $req->rawContent(),
        'header' => $h,
    ], JSON_UNESCAPED_SLASHES));
});
$server->start();
PHP);

function show(array $r): void {
    if ($r[0] === 0) { echo $r[1], "\n"; return; }
    echo $r[0], ' ', $r[1], "\n";
}
// GET with a query string, custom headers and cookies.
show(h2_curl_get($srv->url('/path/x?a=1&b[]=2&b[]=3&e=%20sp'), ['-H', 'X-Custom: Value One', '-H', 'X-UPPER: Up', '-H', 'Accept: text/x', '-b', 'c1=v1; c2=hello%20w']));
// POST urlencoded.
show(h2_curl_get($srv->url('/form?q=z'), ['-d', 'name=Trident&list[]=a&list[]=b&enc=%C3%A9t%C3%A9']));
// PUT with a raw body.
show(h2_curl_get($srv->url('/put'), ['-X', 'PUT', '-H', 'Content-Type: application/octet-stream', '--data-binary', "raw\x01body"]));

// HTTP/2 allows the cookie field split into several fields (RFC 9113 8.2.3): all of them count.
$c = new H2Raw($srv->port);
$c->handshake();
$c->request(1, '/split?x=y', 'GET', ['cookie' => 'a=1', 'x-one' => 'one']);
$c->send(h2_headers_frame(3, h2_request_block('GET', '/two-cookies') . h2_hpack_literal(32, 'k1=v1') . h2_hpack_literal(32, 'k2=v2')));
foreach ([1, 3] as $sid) {
    [$st, , $body, $how] = $c->response($sid);
    $j = json_decode($body, true);
    echo "raw $sid: $st $how cookie=", json_encode($j['cookie'] ?? null), " get=", json_encode($j['get'] ?? null), "\n";
}
$c->close();
$srv->stop();
?>
--EXPECTF--
200 {"proto":"HTTP/2","method":"GET","uri":"/path/x","qs":"a=1&b[]=2&b[]=3&e=%20sp","get":{"a":"1","b":["2","3"],"e":" sp"},"cookie":{"c1":"v1","c2":"hello w"},"post":null,"raw":false,"header":{"accept":"text/x","cookie":"c1=v1; c2=hello%20w","host":"127.0.0.1:%d","x-custom":"Value One","x-upper":"Up"}}
200 {"proto":"HTTP/2","method":"POST","uri":"/form","qs":"q=z","get":{"q":"z"},"cookie":null,"post":{"name":"Trident","list":["a","b"],"enc":"\u00e9t\u00e9"},"raw":"name=Trident&list[]=a&list[]=b&enc=%C3%A9t%C3%A9","header":{"accept":"*/*","content-length":"48","content-type":"application/x-www-form-urlencoded","host":"127.0.0.1:%d"}}
200 {"proto":"HTTP/2","method":"PUT","uri":"/put","qs":null,"get":null,"cookie":null,"post":null,"raw":"raw\u0001body","header":{"accept":"*/*","content-length":"8","content-type":"application/octet-stream","host":"127.0.0.1:%d"}}
raw 1: 200 end cookie={"a":"1"} get={"x":"y"}
raw 3: 200 end cookie={"k1":"v1","k2":"v2"} get=null
