--TEST--
HTTP/1.1 Expect: 100-continue: the server sends 100 Continue before the body is sent, then the final response; curl's Expect works
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
    $res->header('Content-Type', 'text/plain');
    $res->end($req->server['request_uri'] . ' expect=' . ($req->header['expect'] ?? '-') . ' len=' . strlen($body) . ' md5=' . md5($body));
});
$server->start();
PHP);

$c = new H1Client($srv->port);
$c->send("POST /e1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\n");
$r = $c->readResponse(false, 3);
echo 'interim: ', json_encode($r['raw']), "\n";
echo 'nothing more before the body: ', $c->quietFor(0.3) ? 'yes' : 'no', "\n";
$c->send('hello world');
$r = $c->readResponse();
echo h1_head($r), h1_line($r), "\n";

// Again on the same connection (the 100 is per request), the body sent in two parts.
$c->send("PUT /e2 HTTP/1.1\r\nHost: 127.0.0.1\r\nexpect: 100-Continue\r\nContent-Length: 6\r\n\r\n");
$r = $c->readResponse(false, 3);
echo 'interim: ', $r['status'], ' ', $r['reason'], "\n";
$c->send('abc');
usleep(50000);
$c->send('def');
$r = $c->readResponse();
echo h1_line($r), "\n";
// An HTTP/1.0 request's Expect is ignored (RFC 9110 §10.1.1): no 100, just the response.
$c->send("POST /e3 HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\nok");
$r = $c->readResponse();
echo $r['version'], ' ', h1_line($r), "\n";
$c->close();

// curl with a 2 KiB body and an explicit Expect (curl waits up to 5 s for the 100 before sending).
$f = tempnam(sys_get_temp_dir(), 'h1exp');
$body = random_bytes(2048);
file_put_contents($f, $body);
$t0 = microtime(true);
[$code, $out, $err] = trident_curl(['-v', '--expect100-timeout', '5', '-H', 'Expect: 100-continue', '--data-binary', '@' . $f, $srv->url('/curl')]);
$t = microtime(true) - $t0;
echo "curl exit $code: ", $out === '/curl expect=100-continue len=2048 md5=' . md5($body) ? 'ok' : $out, "\n";
// Fast: without the 100, curl would wait its 5 s --expect100-timeout before sending the body.
echo 'curl saw 100 Continue: ', preg_match('/^< HTTP\/1\.1 100 Continue\r?$/m', $err) ? 'yes' : 'no', ', fast: ', $t < 4 ? 'yes' : 'no', "\n";
// curl's own default Expect for a large body (no -H).
$big = random_bytes(1100000);
file_put_contents($f, $big);
[$code, $out, $err] = trident_curl(['-v', '--data-binary', '@' . $f, $srv->url('/curl-big')]);
@unlink($f);
echo "curl exit $code: ", $out === '/curl-big expect=100-continue len=1100000 md5=' . md5($big) ? 'ok' : $out, "\n";
$srv->stop();
?>
--EXPECT--
interim: "HTTP\/1.1 100 Continue\r\n\r\n"
nothing more before the body: yes
HTTP/1.1 200 OK
Content-Type: text/plain
Date: <date>
Content-Length: 67
200 "\/e1 expect=100-continue len=11 md5=5eb63bbbe01eeed093cb22bb8f5acdc3"
interim: 100 Continue
200 "\/e2 expect=100-Continue len=6 md5=e80b5017098950fc58aad83c8c14978e"
HTTP/1.0 200 "\/e3 expect=100-continue len=2 md5=444bcb3a3fcf8389296c49467f27e1d6"
curl exit 0: ok
curl saw 100 Continue: yes, fast: yes
curl exit 0: ok
