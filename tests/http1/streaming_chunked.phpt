--TEST--
HTTP/1.1 streaming: write() several times then end() gives Transfer-Encoding: chunked with exact chunk framing
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $path = $req->server['request_uri'];
    if ($path === '/parts') {
        foreach (['one', 'two22', 'three333'] as $p) { $res->write($p); usleep(20000); }
        $res->end('four');
    } elseif ($path === '/end-empty') {
        $res->write('only');
        usleep(20000);
        $res->end();
    } else {
        // a large streamed body of known content
        for ($i = 0; $i < 10; $i++) $res->write(str_repeat(chr(65 + $i), 10000));
        $res->end();
    }
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send(h1_get('/parts'));
$r = $c->readResponse();
echo h1_head($r);
echo 'raw body: ', json_encode(substr($r['raw'], strpos($r['raw'], "\r\n\r\n") + 4)), "\n";
echo 'decoded: ', json_encode($r['body']), ' chunks: ', json_encode($r['chunks']), ' content-length: ', $r['h']['content-length'] ?? '-', "\n";

$c->send(h1_get('/end-empty'));
$r = $c->readResponse();
echo 'raw body: ', json_encode(substr($r['raw'], strpos($r['raw'], "\r\n\r\n") + 4)), "\n";

$c->send(h1_get('/big'));
$r = $c->readResponse();
$expect = '';
for ($i = 0; $i < 10; $i++) $expect .= str_repeat(chr(65 + $i), 10000);
echo 'big: ', $r['h']['transfer-encoding'], ' ', $r['body'] === $expect ? 'exact' : 'WRONG', ' ', array_sum($r['chunks']), " bytes\n";
// The connection is reusable after a chunked response.
echo 'open: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->send(h1_get('/parts'));
echo 'again: ', $c->readResponse()['body'], "\n";
$c->close();

// curl decodes it too.
[$code, $out] = trident_curl([$srv->url('/parts')]);
echo "curl exit $code: $out\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Transfer-Encoding: chunked
raw body: "3\r\none\r\n5\r\ntwo22\r\n8\r\nthree333\r\n4\r\nfour\r\n0\r\n\r\n"
decoded: "onetwo22three333four" chunks: [3,5,8,4] content-length: -
raw body: "4\r\nonly\r\n0\r\n\r\n"
big: chunked exact 100000 bytes
open: yes
again: onetwo22three333four
curl exit 0: onetwo22three333four
