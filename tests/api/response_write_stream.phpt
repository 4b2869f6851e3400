--TEST--
Response: write() streams chunks (chunked on HTTP/1.1, close-delimited on HTTP/1.0), end() finishes; isWritable() true before end, false after
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$state = [];
$server->on('Request', function ($req, $res) use (&$state) {
    switch ($req->server['request_uri']) {
        case '/state':
            $res->end(json_encode($state));
            return;
        case '/stream':
            $res->header('Content-Type', 'text/plain');
            $w = [$res->isWritable()];
            $w[] = $res->write('a');
            $w[] = $res->isWritable();
            $w[] = $res->write('');
            $w[] = $res->write("bb\r\n0\r\n\r\n");   // looks like a last chunk; must be framed as data
            $w[] = $res->end('ccc');
            $w[] = $res->isWritable();
            $state['stream'] = $w;
            return;
        case '/stream-empty-end':
            $res->write('only');
            $state['empty-end'] = [$res->end(), $res->isWritable()];
            return;
        case '/stream-big':
            $ok = true;
            for ($i = 0; $i < 64; $i++) $ok = $res->write(str_repeat(chr(65 + $i % 26), 32768)) && $ok;
            $state['big'] = [$ok, $res->end()];
            return;
        case '/with-length':
            // A Content-Length set by the handler: no chunked coding.
            $res->header('Content-Length', '6');
            $res->write('abc');
            $res->end('def');
            return;
    }
});
$server->start();
PHP);
$raw_body = function (string $raw): string {
    // Head as usual; the body (chunk framing included) as JSON so that every CR and LF shows.
    $p = strpos($raw, "\r\n\r\n");
    if ($p === false) return "no head: " . api_json($raw) . "\n";
    return api_show(substr($raw, 0, $p + 4), true) . "body: " . api_json(substr($raw, $p + 4)) . "\n";
};
echo "== HTTP/1.1 raw chunked framing\n";
echo $raw_body(api_curl(['-i', '--raw', $srv->url('/stream')])), "--\n";
echo "== decoded by curl\n";
echo api_curl([$srv->url('/stream')]), "\n--\n";
echo "== write then end()\n";
echo $raw_body(api_curl(['-i', '--raw', $srv->url('/stream-empty-end')])), "--\n";
echo "== HTTP/1.0: no chunked coding, the close ends the body\n";
echo $raw_body(api_curl(['-0', '-i', $srv->url('/stream')])), "--\n";
echo "== handler's Content-Length\n";
echo $raw_body(api_curl(['-i', '--raw', $srv->url('/with-length')])), "--\n";
$expect = '';
for ($i = 0; $i < 64; $i++) $expect .= str_repeat(chr(65 + $i % 26), 32768);
$got = api_curl([$srv->url('/stream-big')]);
echo "== 2 MiB in 64 writes: ", strlen($got), " bytes, ", $got === $expect ? 'exact' : 'DIFFERENT', "\n";
echo api_curl([$srv->url('/state')]), "\n";
$srv->stop();
?>
--EXPECT--
== HTTP/1.1 raw chunked framing
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked

body: "1\r\na\r\n9\r\nbb\r\n0\r\n\r\n\r\n3\r\nccc\r\n0\r\n\r\n"
--
== decoded by curl
abb
0

ccc
--
== write then end()
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Transfer-Encoding: chunked

body: "4\r\nonly\r\n0\r\n\r\n"
--
== HTTP/1.0: no chunked coding, the close ends the body
HTTP/1.0 200 OK
Content-Type: text/plain
Date: <date>
Connection: close

body: "abb\r\n0\r\n\r\nccc"
--
== handler's Content-Length
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 6

body: "abcdef"
--
== 2 MiB in 64 writes: 2097152 bytes, exact
{"stream":[true,true,true,true,true,true,false],"empty-end":[true,false],"big":[true,true]}
