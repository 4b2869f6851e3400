--TEST--
Frameworks: a Slim 3 app through Trident\Psr\serve() with guzzlehttp/psr7 over HTTP/1.1, HTTP/2 and HTTP/3 (routes, query, cookies, headers, server params, protocol version, form with an upload, streamed body with a trailer, file body, errors)
--SKIPIF--
<?php require __DIR__ . '/slim3.inc'; slim3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/slim3.inc';
$srv = fw_server(FW_EXAMPLES . '/slim3/server.php', [], ['TRIDENT_PSR17' => 'guzzle']);
slim3_checks($srv, 'GuzzleHttp\Psr7\ServerRequest');
$log = $srv->stop();
echo str_contains($log, 'Fatal') || str_contains($log, 'Warning') ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
--- HTTP/1.1
hello: 200 text/plain x-protocol=1.1 Hello, Ada!
head: 200 length=12 body=none
info: 200 application/json method=GET path=/info protocol=1.1 user=ada
  uri=https://127.0.0.1:PORT/info?x=1&y%5B%5D=2&y%5B%5D=3 query={"x":"1","y":["2","3"]} cookies={"sid":"abc","theme":"dark"}
  server=["GET","HTTP\/1.1","x=1&y[]=2&y[]=3","127.0.0.1","t1"] class=ok
form: 201 parsed={"title":"Hello form","tags":["a"]} doc=notes.txt,text/plain,65000,0 stream_sha=ok moved_sha=ok
echo: 200 text/x-shout QUIET WORDS
generated: 200 3000000 bytes sha=ok
file: 200 application/octet-stream length=65000 sha=ok
missing: 404
fail: 500 no details
--- HTTP/2
hello: 200 text/plain x-protocol=2 Hello, Ada!
head: 200 length=12 body=none
info: 200 application/json method=GET path=/info protocol=2 user=ada
  uri=https://127.0.0.1:PORT/info?x=1&y%5B%5D=2&y%5B%5D=3 query={"x":"1","y":["2","3"]} cookies={"sid":"abc","theme":"dark"}
  server=["GET","HTTP\/2","x=1&y[]=2&y[]=3","127.0.0.1","t1"] class=ok
form: 201 parsed={"title":"Hello form","tags":["a"]} doc=notes.txt,text/plain,65000,0 stream_sha=ok moved_sha=ok
echo: 200 text/x-shout QUIET WORDS
generated: 200 3000000 bytes sha=ok
file: 200 application/octet-stream length=65000 sha=ok
missing: 404
fail: 500 no details
--- trailers
HTTP/1.1 chunked trailer: ok
HTTP/2 trailer: ok, 100000 bytes
--- HTTP/3
hello: 200 text/plain x-protocol=3 Hello, Ada!
info: 200 protocol=3 server_protocol=HTTP/3 query={"x":"1"}
echo: 200 65000 bytes ok
generated: 200 3000000 bytes sha=ok trailer=ok
log clean
