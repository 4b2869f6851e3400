--TEST--
HTTP/1.1 chunked request body with chunk extensions and a trailer section arrives byte-exact
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $body = (string)$req->rawContent();
    $res->header('Content-Type', 'application/octet-stream');
    $res->header('X-Len', (string)strlen($body));
    $res->header('X-Md5', md5($body));
    $res->end($body);
});
$server->start();
PHP);

// Hand-written chunks: extensions (with and without values, quoted), upper- and lower-case hex,
// leading zeros, a trailer section with two fields.
$req = "POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n"
     . "5;name=value\r\nhello\r\n"
     . "1;a;b=\"quoted; string\"\r\n \r\n"
     . "0000b\r\nworld-wide!\r\n"
     . "1A ;ext\r\n" . "abcdefghijklmnopqrstuvwxyz\r\n"
     . "a\r\n0123456789\r\n"
     . "0;last=yes\r\nX-Trailer-One: 1\r\nX-Trailer-Two: two\r\n\r\n";
$expect = "hello world-wide!abcdefghijklmnopqrstuvwxyz0123456789";
$c = new H1Client($srv->port);
$c->send($req . h1_get('/after'));
$r = $c->readResponse();
echo $r['status'], ' len=', $r['h']['x-len'], ' body=', json_encode($r['body']), ' ', $r['body'] === $expect ? 'exact' : 'WRONG', "\n";
// The trailer was consumed as part of the message: the next request on the connection is intact.
$r = $c->readResponse();
echo $r['status'], ' len=', $r['h']['x-len'], "\n";

// 200 KiB of random bytes in chunks of varying sizes.
$data = random_bytes(200 * 1024);
$enc = '';
for ($off = 0, $i = 0; $off < strlen($data); $i++) {
    $n = min([1, 7, 100, 4096, 65536, 3000][$i % 6], strlen($data) - $off);
    $enc .= dechex($n) . "\r\n" . substr($data, $off, $n) . "\r\n";
    $off += $n;
}
$enc .= "0\r\n\r\n";
$c->send("PUT /bin HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" . $enc);
$r = $c->readResponse();
echo $r['status'], ' len=', $r['h']['x-len'], ' md5 ', $r['h']['x-md5'] === md5($data) && $r['body'] === $data ? 'matches' : 'DIFFERS', "\n";
echo 'quiet: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();

// curl sends a chunked body when asked.
[$code, $out] = trident_curl(['-H', 'Transfer-Encoding: chunked', '-H', 'Expect:', '--data-binary', 'curl-chunked-body', $srv->url('/curl')]);
echo "curl exit $code: $out\n";
$srv->stop();
?>
--EXPECT--
200 len=53 body="hello world-wide!abcdefghijklmnopqrstuvwxyz0123456789" exact
200 len=0
200 len=204800 md5 matches
quiet: yes
curl exit 0: curl-chunked-body
