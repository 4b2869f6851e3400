--TEST--
HTTP/2: 204 and 304 responses and HEAD requests carry no body (HEADERS with END_STREAM, no DATA), HEAD keeps the content-length of GET
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->header('X-Method', $req->getMethod());
    switch ($req->server['request_uri']) {
        case '/204': $res->status(204); $res->end('must not be sent'); return;
        case '/204-empty': $res->status(204); $res->end(); return;
        case '/304': $res->status(304); $res->end('must not be sent either'); return;
        case '/stream': $res->write('abc'); $res->write('def'); $res->end('ghi'); return;
        default: $res->end('twelve bytes');
    }
});
$server->start();
PHP);

$c = new H2Raw($srv->port);
$c->handshake();
$cases = [1 => ['GET', '/204'], 3 => ['GET', '/204-empty'], 5 => ['GET', '/304'], 7 => ['HEAD', '/plain'],
          9 => ['HEAD', '/stream'], 11 => ['GET', '/plain'], 13 => ['GET', '/stream']];
foreach ($cases as $sid => [$m, $p]) $c->request($sid, $p, $m);
$frames = [];
$done = [];
$deadline = microtime(true) + 5;
while (count($done) < count($cases) && ($f = $c->pump(max(0.01, $deadline - microtime(true)))) !== null) {
    if (!$f[2]) continue;
    $frames[$f[2]][] = $f;
    if ($f[1] & H2_END_STREAM && in_array($f[0], [H2_HEADERS, H2_DATA])) $done[$f[2]] = true;
}
foreach ($cases as $sid => [$m, $p]) {
    $fields = [];
    $bytes = 0;
    $endOn = 'never';
    foreach ($frames[$sid] ?? [] as [$type, $flags, , $payload]) {
        if ($type === H2_HEADERS) {
            foreach (h2_hpack_decode($payload) as [$n, $v]) if ($n !== 'date') $fields[] = "$n: $v";
        }
        if ($type === H2_DATA) $bytes += strlen($payload);
        if (($flags & H2_END_STREAM) && in_array($type, [H2_HEADERS, H2_DATA])) $endOn = h2_type_name($type);
    }
    echo "$m $p: content bytes $bytes, END_STREAM on $endOn\n    ", implode(', ', $fields), "\n";
}
$c->close();

// curl agrees: HEAD and 204 end without a body and without an error.
[$rc, $out, $err] = trident_curl(['--http2-prior-knowledge', '-I', $srv->url('/plain')]);
echo "curl -I: exit $rc, \"", strtok($out, "\r"), "\", content-length 12: ", var_export(str_contains($out, "\r\ncontent-length: 12\r\n"), true), "\n";
[$rc, $out, $err] = trident_curl(['--http2-prior-knowledge', '-o', '-', '-w', '|%{http_code}|%{size_download}', $srv->url('/204')]);
echo "curl 204: exit $rc, $out\n";
$srv->stop();
?>
--EXPECT--
GET /204: content bytes 0, END_STREAM on HEADERS
    :status: 204, x-method: GET
GET /204-empty: content bytes 0, END_STREAM on HEADERS
    :status: 204, x-method: GET
GET /304: content bytes 0, END_STREAM on HEADERS
    :status: 304, x-method: GET
HEAD /plain: content bytes 0, END_STREAM on HEADERS
    :status: 200, x-method: HEAD, content-type: text/html, content-length: 12
HEAD /stream: content bytes 0, END_STREAM on HEADERS
    :status: 200, x-method: HEAD, content-type: text/html
GET /plain: content bytes 12, END_STREAM on DATA
    :status: 200, x-method: GET, content-type: text/html, content-length: 12
GET /stream: content bytes 9, END_STREAM on DATA
    :status: 200, x-method: GET, content-type: text/html
curl -I: exit 0, "HTTP/2 200 ", content-length 12: true
curl 204: exit 0, |204|0
