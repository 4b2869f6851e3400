--TEST--
Response: cookie() and rawCookie() produce setcookie()-style Set-Cookie headers, one per cookie
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $r = [];
    switch ($req->server['request_uri']) {
        case '/full':
            // 4102444800 = Fri, 01 Jan 2100 00:00:00 GMT
            $r[] = $res->cookie('session', 'hello world;=,é', 4102444800, '/app', 'example.com', true, true, 'Strict');
            break;
        case '/two':
            $r[] = $res->cookie('a', '1');
            $r[] = $res->cookie('b', '2', path: '/', samesite: 'Lax');
            break;
        case '/raw':
            $r[] = $res->rawCookie('r', 'a%20b+c', 0, '/', '', false, true);
            $r[] = $res->cookie('e', 'a%20b+c');
            break;
        case '/delete':
            $r[] = $res->cookie('gone');
            $r[] = $res->rawCookie('gone2', '', 0, '/x');
            break;
        case '/with-header':
            $r[] = $res->header('Set-Cookie', 'manual=1');
            $r[] = $res->cookie('c', '3');
            break;
    }
    $res->end(json_encode($r));
});
$server->start();
PHP);
foreach (['/full', '/two', '/raw', '/delete', '/with-header'] as $p) {
    $t0 = time();
    $out = api_show(api_curl(['-i', $srv->url($p)]));
    $t1 = time();
    // Max-Age is relative to the server's clock: check it, then mask it.
    $out = preg_replace_callback('~Max-Age=(\d+)~', function ($m) use ($t0, $t1) {
        $age = (int)$m[1];
        if ($age === 0) return 'Max-Age=0';
        return ($age <= 4102444800 - $t0 && $age >= 4102444800 - $t1 - 1) ? 'Max-Age=<until 2100>' : "Max-Age=$age (wrong)";
    }, $out);
    echo $out, "--\n";
}
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 OK
Set-Cookie: session=hello%20world%3B%3D%2C%C3%A9; expires=Fri, 01 Jan 2100 00:00:00 GMT; Max-Age=<until 2100>; path=/app; domain=example.com; secure; HttpOnly; SameSite=Strict
Content-Type: text/html
Date: <date>
Content-Length: 6

[true]
--
HTTP/1.1 200 OK
Set-Cookie: a=1
Set-Cookie: b=2; path=/; SameSite=Lax
Content-Type: text/html
Date: <date>
Content-Length: 11

[true,true]
--
HTTP/1.1 200 OK
Set-Cookie: r=a%20b+c; path=/; HttpOnly
Set-Cookie: e=a%2520b%2Bc
Content-Type: text/html
Date: <date>
Content-Length: 11

[true,true]
--
HTTP/1.1 200 OK
Set-Cookie: gone=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0
Set-Cookie: gone2=deleted; expires=Thu, 01 Jan 1970 00:00:01 GMT; Max-Age=0; path=/x
Content-Type: text/html
Date: <date>
Content-Length: 11

[true,true]
--
HTTP/1.1 200 OK
Set-Cookie: manual=1
Set-Cookie: c=3
Content-Type: text/html
Date: <date>
Content-Length: 11

[true,true]
--
