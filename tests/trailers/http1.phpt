--TEST--
Request trailers on HTTP/1.1: chunked trailer fields reach $request->trailer (names lower-cased, values trimmed, repeats joined, forbidden fields dropped), null without trailers; an oversized trailer section is 400 and the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../http1/helpers.inc';
$srv = trailers_server(['http_max_header_size' => 4096]);

$head = "POST /t HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n";
$c = new H1Client($srv->port);
// Two chunks, then trailers: mixed-case names, OWS around values, a repeated name, fields
// RFC 9110 6.5.1 keeps out of trailers (dropped), an empty value. Pipelined with a GET.
$c->send($head . "5\r\nhello\r\n6\r\n world\r\n0\r\n"
    . "X-Checksum:   abc123  \r\nX-Multi: a\r\nx-multi:b\r\nContent-Length: 99\r\nHost: evil\r\n"
    . "Transfer-Encoding: gzip\r\nX-Empty:\r\n\r\n" . h1_get('/after'));
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];

// No trailer section at all, and one holding only dropped fields: null.
$c->send($head . "3\r\nabc\r\n0\r\n\r\n");
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];
$c->send($head . "3\r\nxyz\r\n0\r\nContent-Type: text/evil\r\n\r\n");
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];
$c->close();

// A Content-Length body has no trailers.
[$code, $out] = trident_curl(['--data-binary', 'curl-body', $srv->url('/cl')]);
echo "curl exit $code\n$out";

// Trailer section past http_max_header_size: 400, the connection closes, the server serves on.
$big = '';
for ($i = 0; $i < 100; $i++) $big .= "X-Pad-$i: " . str_repeat('p', 60) . "\r\n";
$c = new H1Client($srv->port);
$c->send($head . "2\r\nok\r\n0\r\n" . $big . "\r\n");
$r = $c->readResponse();
echo $r['status'], ' ', trim($r['body']), "\n";
echo 'closed: ', $c->waitClose()[0] ? 'yes' : 'no', "\n";
$c = new H1Client($srv->port);
$c->send($head . "4\r\nnext\r\n0\r\nX-After: yes\r\n\r\n");
$r = $c->readResponse();
echo $r['status'], "\n", $r['body'];
$c->close();
$srv->stop();
?>
--EXPECT--
200
body=hello world
trailer={"x-checksum":"abc123","x-multi":"a, b","x-empty":""}
200
body=
trailer=null
200
body=abc
trailer=null
200
body=xyz
trailer=null
curl exit 0
body=curl-body
trailer=null
400 trailer section too large
closed: yes
200
body=next
trailer={"x-after":"yes"}
