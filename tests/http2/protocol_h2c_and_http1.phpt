--TEST--
HTTP/2 prior knowledge (h2c) and HTTP/1.1 on the same port: server_protocol, lower-case response headers over h2
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain; charset=utf-8');
    $res->header('X-Mixed-Case-Header', 'Keep-Value-Case');
    $res->end($req->server['server_protocol'] . ' ' . $req->getMethod() . ' ' . $req->server['request_uri']);
});
$server->start();
PHP);

// h2c with prior knowledge.
[$st, $body, $ver] = h2_curl_get($srv->url('/h2'));
echo "h2c: $st $ver $body\n";
// Plain HTTP/1.1 on the same port.
[$code, $out] = trident_curl(['--http1.1', '-o', '-', '-w', "\n%{http_code} %{http_version}", $srv->url('/h1')]);
echo "http/1.1: ", strrchr($out, "\n") === false ? "curl exit $code" : trim(strrchr($out, "\n")) . ' ' . strstr($out, "\n", true), "\n";
// And HTTP/1.0.
[$code, $out] = trident_curl(['--http1.0', '-o', '-', '-w', "\n%{http_code}", $srv->url('/h10')]);
echo "http/1.0: ", str_replace("\n", ' ', $out), "\n";

// The response head as curl shows it: status line HTTP/2 200, lower-case names.
[$code, $out] = trident_curl(['--http2-prior-knowledge', '-i', $srv->url('/head')]);
[$head, $b] = explode("\r\n\r\n", $out, 2) + [1 => ''];
$lines = explode("\r\n", $head);
echo "status line: ", json_encode($lines[0]), "\n";
$names = [];
foreach (array_slice($lines, 1) as $l) {
    [$n, $v] = explode(':', $l, 2);
    $names[] = $n;
    if ($n === 'x-mixed-case-header' || $n === 'content-type' || $n === 'content-length') echo "$n:$v\n";
}
echo "all names lower-case: ", var_export($names !== [] && array_map('strtolower', $names) === $names, true), "\n";
echo "no connection-specific headers: ", var_export(!array_intersect($names, ['connection', 'keep-alive', 'transfer-encoding']), true), "\n";
echo "body: $b\n";
// Same thing over HTTP/1.1 keeps the case the handler used.
[$code, $out] = trident_curl(['--http1.1', '-i', $srv->url('/head1')]);
echo "http/1.1 keeps case: ", var_export(str_contains($out, "\r\nX-Mixed-Case-Header: Keep-Value-Case\r\n"), true), "\n";
// The same header fields on both protocols (RFC 9110 6.6.1: an origin server with a clock
// sends Date in 2xx responses).
$h1names = [];
foreach (array_slice(explode("\r\n", explode("\r\n\r\n", $out)[0]), 1) as $l) $h1names[] = strtolower(strstr($l, ':', true));
sort($h1names);
sort($names);
echo "http/1.1 fields: ", implode(' ', $h1names), "\n";
echo "http/2 fields:   ", implode(' ', $names), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECT--
h2c: 200 2 HTTP/2 GET /h2
http/1.1: 200 1.1 HTTP/1.1 GET /h1
http/1.0: HTTP/1.0 GET /h10 200
status line: "HTTP\/2 200 "
content-type: text/plain; charset=utf-8
x-mixed-case-header: Keep-Value-Case
content-length: 16
all names lower-case: true
no connection-specific headers: true
body: HTTP/2 GET /head
http/1.1 keeps case: true
http/1.1 fields: content-length content-type date x-mixed-case-header
http/2 fields:   content-length content-type date x-mixed-case-header
log: ""
