--TEST--
Request-target forms (RFC 9112 §3.2): absolute-form's authority replaces Host and the application sees the origin-form; "*" only for OPTIONS; other targets 400
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->end(json_encode([
        'host' => $req->header['host'] ?? null,
        'uri' => $req->server['request_uri'],
        'path_info' => $req->server['path_info'],
        'query' => $req->server['query_string'] ?? null,
        'get' => $req->get,
        'proto' => $req->server['server_protocol'],
    ], JSON_UNESCAPED_SLASHES));
});
$server->start();
PHP);
$show = function (string $line, string $fields = "Host: good\r\n") use ($srv) {
    $r = h1_exchange($srv->port, "$line\r\n{$fields}Connection: close\r\n\r\n");
    echo str_pad($line, 34), ' ', $r['status'], ' ', trim($r['body']), "\n";
};
// The target's authority wins over Host; the path and query are what follows it.
$show('GET http://evil/x HTTP/1.1');
$show('GET http://evil:8080/a/b?q=1&r=2 HTTP/1.1');
$show('GET HTTPS://Evil.Example HTTP/1.1');
$show('GET http://evil?q=1 HTTP/1.1');
$show('GET http://evil? HTTP/1.1');
$show('GET http://[::1]:81/v6 HTTP/1.1');
$show('GET hTtP://evil/x HTTP/1.1', "Host:\r\n");
// HTTP/1.0 needs no Host: the target's authority is the host.
$show('GET http://evil/ten HTTP/1.0', '');
// Still one Host field, valid, in HTTP/1.1 (RFC 9112 §3.2 applies to any target form).
$show('GET http://evil/x HTTP/1.1', '');
$show('GET http://evil/x HTTP/1.1', "Host: a b\r\n");
// Bad absolute-form targets.
$show('GET ftp://evil/x HTTP/1.1');
$show('GET httpx://evil/x HTTP/1.1');
$show('GET http:/evil/x HTTP/1.1');
$show('GET http:evil HTTP/1.1');
$show('GET http:///x HTTP/1.1');
$show('GET http://:80/x HTTP/1.1');
$show('GET http://user@evil/x HTTP/1.1');
$show('GET http://evil#@good/x HTTP/1.1');
$show('GET http://evil:99999/x HTTP/1.1');
$show('GET http://evil\\@good/x HTTP/1.1');
// Asterisk-form is for OPTIONS only.
$show('OPTIONS * HTTP/1.1');
$show('GET * HTTP/1.1');
$show('POST * HTTP/1.1');
$show('OPTIONS *x HTTP/1.1');
// Neither origin- nor absolute-form; authority-form is for CONNECT only.
$show('GET x/y HTTP/1.1');
$show('GET good:80 HTTP/1.1');
$show('GET ?a=b HTTP/1.1');
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
GET http://evil/x HTTP/1.1         200 {"host":"evil","uri":"/x","path_info":"/x","query":null,"get":null,"proto":"HTTP/1.1"}
GET http://evil:8080/a/b?q=1&r=2 HTTP/1.1 200 {"host":"evil:8080","uri":"/a/b","path_info":"/a/b","query":"q=1&r=2","get":{"q":"1","r":"2"},"proto":"HTTP/1.1"}
GET HTTPS://Evil.Example HTTP/1.1  200 {"host":"Evil.Example","uri":"/","path_info":"/","query":null,"get":null,"proto":"HTTP/1.1"}
GET http://evil?q=1 HTTP/1.1       200 {"host":"evil","uri":"/","path_info":"/","query":"q=1","get":{"q":"1"},"proto":"HTTP/1.1"}
GET http://evil? HTTP/1.1          200 {"host":"evil","uri":"/","path_info":"/","query":"","get":null,"proto":"HTTP/1.1"}
GET http://[::1]:81/v6 HTTP/1.1    200 {"host":"[::1]:81","uri":"/v6","path_info":"/v6","query":null,"get":null,"proto":"HTTP/1.1"}
GET hTtP://evil/x HTTP/1.1         200 {"host":"evil","uri":"/x","path_info":"/x","query":null,"get":null,"proto":"HTTP/1.1"}
GET http://evil/ten HTTP/1.0       200 {"host":"evil","uri":"/ten","path_info":"/ten","query":null,"get":null,"proto":"HTTP/1.0"}
GET http://evil/x HTTP/1.1         400 missing Host
GET http://evil/x HTTP/1.1         400 invalid Host
GET ftp://evil/x HTTP/1.1          400 invalid request-target
GET httpx://evil/x HTTP/1.1        400 invalid request-target
GET http:/evil/x HTTP/1.1          400 invalid request-target
GET http:evil HTTP/1.1             400 invalid request-target
GET http:///x HTTP/1.1             400 invalid authority in request-target
GET http://:80/x HTTP/1.1          400 invalid authority in request-target
GET http://user@evil/x HTTP/1.1    400 invalid authority in request-target
GET http://evil#@good/x HTTP/1.1   400 invalid authority in request-target
GET http://evil:99999/x HTTP/1.1   400 invalid authority in request-target
GET http://evil\@good/x HTTP/1.1   400 invalid authority in request-target
OPTIONS * HTTP/1.1                 200 {"host":"good","uri":"*","path_info":"*","query":null,"get":null,"proto":"HTTP/1.1"}
GET * HTTP/1.1                     400 '*' target is only for OPTIONS
POST * HTTP/1.1                    400 '*' target is only for OPTIONS
OPTIONS *x HTTP/1.1                400 invalid request-target
GET x/y HTTP/1.1                   400 invalid request-target
GET good:80 HTTP/1.1               400 host:port target is only for CONNECT
GET ?a=b HTTP/1.1                  400 invalid request-target
fresh: 200 "{\"host\":\"127.0.0.1\",\"uri\":\"\/alive\",\"path_info\":\"\/alive\",\"query\":null,\"get\":null,\"proto\":\"HTTP\/1.1\"}"
