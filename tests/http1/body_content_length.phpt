--TEST--
HTTP/1.1 request body with Content-Length: a 1 MiB random body arrives byte-exact and is echoed back byte-exact
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $body = $req->rawContent();
    $res->header('Content-Type', 'application/octet-stream');
    $res->header('X-Len', (string)strlen((string)$body));
    $res->header('X-Md5', md5((string)$body));
    $res->header('X-CL', $req->header['content-length'] ?? '-');
    $res->end((string)$body);
});
$server->start();
PHP);

$body = random_bytes(1 << 20);
$md5 = md5($body);
$c = new H1Client($srv->port);
$c->send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/octet-stream\r\nContent-Length: " . strlen($body) . "\r\n\r\n" . $body, 10);
$r = $c->readResponse(false, 10);
echo $r['status'], ' len=', $r['h']['x-len'], ' cl=', $r['h']['x-cl'], ' server md5 ', $r['h']['x-md5'] === $md5 ? 'matches' : 'DIFFERS', "\n";
// Either framing is valid (RFC 9112 §6): exactly one of them, and it must be right.
$framing = isset($r['h']['content-length']) && !isset($r['h']['transfer-encoding']) ? ($r['h']['content-length'] === '1048576' ? 'ok' : 'WRONG CL ' . $r['h']['content-length'])
         : (!isset($r['h']['content-length']) && ($r['h']['transfer-encoding'] ?? '') === 'chunked' ? 'ok' : 'WRONG ' . json_encode($r['h']));
echo 'response framing ', $framing, ', echoed body ', md5($r['body']) === $md5 ? 'matches' : 'DIFFERS', "\n";

// A body containing bytes that look like HTTP, followed by a second request on the same connection.
$tricky = "\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: x\r\n\r\n\0\xff";
$c->send("PUT /t HTTP/1.1\r\nHost: x\r\nContent-Length: " . strlen($tricky) . "\r\n\r\n" . $tricky . h1_get('/next'));
$r = $c->readResponse();
echo $r['status'], ' ', $r['body'] === $tricky ? 'tricky body exact' : 'tricky body WRONG', "\n";
$r = $c->readResponse();
echo $r['status'], ' len=', $r['h']['x-len'], ' body=', json_encode($r['body']), "\n";
echo 'quiet: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";

// The same upload with curl.
$f = tempnam(sys_get_temp_dir(), 'h1body');
file_put_contents($f, $body);
[$code, $out, $err] = trident_curl(['-H', 'Expect:', '--data-binary', '@' . $f, '-D', '-', '-o', '/dev/null', $srv->url('/curl')]);
@unlink($f);
echo 'curl exit ', $code, ', server md5 ', str_contains($out, "X-Md5: $md5") ? 'matches' : 'DIFFERS', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
200 len=1048576 cl=1048576 server md5 matches
response framing ok, echoed body matches
200 tricky body exact
200 len=0 body=""
quiet: yes
curl exit 0, server md5 matches
