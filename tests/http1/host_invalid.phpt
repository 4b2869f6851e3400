--TEST--
Host must be an RFC 3986 authority without userinfo (uri-host [":" port], port <= 65535), else 400 and close (RFC 9112 §3.2)
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->end('host=' . json_encode($req->header['host'] ?? null));
});
$server->start();
PHP);
$get = fn(string $host) => "GET / HTTP/1.1\r\nHost: $host\r\nConnection: close\r\n\r\n";
echo h1_show(h1_exchange($srv->port, $get('evil.com/x@good')));
foreach (['a b', '<script>', 'a:99999x', 'a:65536', 'a:99999999999999999999', 'user@good', 'user:pw@good',
          ':80', '[::1', '[::1]x', '[1:2:3]', '[::1]:8o', 'a:-1', 'a:+1', 'a%zz', 'a%4', 'a\\b', 'a"b', 'a#b',
          'a?b', "a\x80b", 'good, evil'] as $host) {
    echo str_pad('"' . h1_esc($host) . '"', 26), ' ', h1_line(h1_exchange($srv->port, $get($host))), "\n";
}
// Valid authorities reach the application unchanged.
foreach (['example.com', 'EXAMPLE.com.', 'a:65535', 'a:0', 'a:', '127.0.0.1:8080', '[::1]', '[::ffff:1.2.3.4]:443',
          '[v1.fe80::a+en1]', 'xn--bcher-kva.example', 'a-b_c~d!$&\'()*+,;=', 'a%20b', '999.999.999.999'] as $host) {
    echo str_pad('"' . h1_esc($host) . '"', 26), ' ', h1_line(h1_exchange($srv->port, $get($host))), "\n";
}
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 13
Date: <date>
Connection: close
body: "invalid Host\n"
then: closed
"a b"                      400 "invalid Host\n" closed
"<script>"                 400 "invalid Host\n" closed
"a:99999x"                 400 "invalid Host\n" closed
"a:65536"                  400 "invalid Host\n" closed
"a:99999999999999999999"   400 "invalid Host\n" closed
"user@good"                400 "invalid Host\n" closed
"user:pw@good"             400 "invalid Host\n" closed
":80"                      400 "invalid Host\n" closed
"[::1"                     400 "invalid Host\n" closed
"[::1]x"                   400 "invalid Host\n" closed
"[1:2:3]"                  400 "invalid Host\n" closed
"[::1]:8o"                 400 "invalid Host\n" closed
"a:-1"                     400 "invalid Host\n" closed
"a:+1"                     400 "invalid Host\n" closed
"a%zz"                     400 "invalid Host\n" closed
"a%4"                      400 "invalid Host\n" closed
"a\\b"                     400 "invalid Host\n" closed
"a\"b"                     400 "invalid Host\n" closed
"a#b"                      400 "invalid Host\n" closed
"a?b"                      400 "invalid Host\n" closed
"a\200b"                   400 "invalid Host\n" closed
"good, evil"               400 "invalid Host\n" closed
"example.com"              200 "host=\"example.com\"" closed
"EXAMPLE.com."             200 "host=\"EXAMPLE.com.\"" closed
"a:65535"                  200 "host=\"a:65535\"" closed
"a:0"                      200 "host=\"a:0\"" closed
"a:"                       200 "host=\"a:\"" closed
"127.0.0.1:8080"           200 "host=\"127.0.0.1:8080\"" closed
"[::1]"                    200 "host=\"[::1]\"" closed
"[::ffff:1.2.3.4]:443"     200 "host=\"[::ffff:1.2.3.4]:443\"" closed
"[v1.fe80::a+en1]"         200 "host=\"[v1.fe80::a+en1]\"" closed
"xn--bcher-kva.example"    200 "host=\"xn--bcher-kva.example\"" closed
"a-b_c~d!$&'()*+,;="       200 "host=\"a-b_c~d!$&'()*+,;=\"" closed
"a%20b"                    200 "host=\"a%20b\"" closed
"999.999.999.999"          200 "host=\"999.999.999.999\"" closed
fresh: 200 "host=\"127.0.0.1\""
