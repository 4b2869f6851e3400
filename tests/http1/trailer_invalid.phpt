--TEST--
Chunked trailer lines must be field lines (RFC 9112 §7.1.2): a pipelined request after "0\r\n" is not swallowed as trailers (400 and close); the trailer section is capped at http_max_header_size
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = h1_echo_server(['http_max_header_size' => 1024]);
$head = "POST /t HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n";
$body = "5\r\nhello\r\n0\r\n";
$post = $head . "\r\n" . $body;
// The body ends without its final CRLF and a request follows: one request's trailers to a
// parser that skips any line, two requests to one that stops at the request line.
echo h1_show(h1_exchange($srv->port, $post . "GET /smug HTTP/1.1\r\nHost: x\r\n\r\n"));
foreach (["X: a\r\n b\r\n\r\n", "X: a\r\n\tb\r\n\r\n", " X: a\r\n\r\n", ": v\r\n\r\n", "X : v\r\n\r\n", "X\r\n\r\n",
          "X(y): v\r\n\r\n", "X: a\x7fb\r\n\r\n", "X: v\r\nHTTP/1.1 200 OK\r\n\r\n"] as $t) {
    echo str_pad('"' . h1_esc($t) . '"', 34), ' ', h1_line(h1_exchange($srv->port, $post . $t)), "\n";
}
// Valid trailers are consumed and the next request is served.
$c = new H1Client($srv->port);
$c->send($post . "X-Sum: 1\r\nx-empty:\r\nX-Tab:\ta\tb \r\nX-Utf8: caf\xc3\xa9\r\n\r\n" . h1_get('/next'));
echo h1_line($c->readResponse()), "\n", h1_line($c->readResponse()), "\n";
$c->close();
// The trailer section (its final CRLF included) may be as large as a request head, no larger.
$trailers = fn(int $bytes) => "X: " . str_repeat('v', $bytes - 7) . "\r\n\r\n";
$close = $head . "Connection: close\r\n\r\n" . $body;
echo 'trailers 1024: ', h1_line(h1_exchange($srv->port, $close . $trailers(1024))), "\n";
echo 'trailers 1025: ', h1_line(h1_exchange($srv->port, $close . $trailers(1025))), "\n";
echo h1_still_serving($srv->port), "\n";
$srv->stop();
?>
--EXPECT--
HTTP/1.1 400 Bad Request
Content-Type: text/plain
Content-Length: 27
Date: <date>
Connection: close
body: "invalid trailer field name\n"
then: closed
"X: a\r\n b\r\n\r\n"               400 "obsolete line folding in trailer section\n" closed
"X: a\r\n\tb\r\n\r\n"              400 "obsolete line folding in trailer section\n" closed
" X: a\r\n\r\n"                    400 "obsolete line folding in trailer section\n" closed
": v\r\n\r\n"                      400 "invalid trailer field name\n" closed
"X : v\r\n\r\n"                    400 "invalid trailer field name\n" closed
"X\r\n\r\n"                        400 "invalid trailer field name\n" closed
"X(y): v\r\n\r\n"                  400 "invalid trailer field name\n" closed
"X: a\177b\r\n\r\n"                400 "invalid character in trailer section\n" closed
"X: v\r\nHTTP/1.1 200 OK\r\n\r\n"  400 "invalid trailer field name\n" closed
200 "POST \/t body=hello"
200 "GET \/next"
trailers 1024: 200 "POST \/t body=hello" closed
trailers 1025: 400 "trailer section too large\n" closed
fresh: 200 "GET \/alive"
