--TEST--
HTTP/2 invalid client preface (RFC 9113 3.4): on h2c, once "PRI * HTTP/2.0\r\n\r\n" matched, a wrong "SM\r\n\r\n" tail or a first frame other than SETTINGS gets GOAWAY(PROTOCOL_ERROR) and the close, not an HTTP/1.1 response; the same over TLS (ALPN h2); bytes that differ earlier stay HTTP/1.1
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) { $res->end('ok ' . $req->server['server_protocol']); });
$server->start();
PHP);

const HEAD18 = "PRI * HTTP/2.0\r\n\r\n";  // the part of the preface that parses as an HTTP/1 request head

/** What the server answered: its first frame, the GOAWAY, whether it closed afterwards. */
function h2_outcome(H2Raw $c, array $before = []): string {
    $frames = array_merge($before, $c->goaway ? [] : $c->collect(3, fn($f) => $f[0] === H2_GOAWAY));
    $first = $frames ? h2_type_name($frames[0][0]) : 'nothing';
    $g = $c->goaway;
    // RFC 9113 5.4.1: after the GOAWAY for a connection error the endpoint closes the connection.
    $c->collect(2);
    $closed = $c->eof ? 'closed' : 'still open after 2 s';
    $c->close();
    return "first frame $first, " . ($g ? 'GOAWAY ' . h2_error_name($g['code']) . " last=$g[last]" : 'no GOAWAY') . ", $closed";
}

$cases = [
    'tail differs, one write' => [HEAD18 . "XX\r\n\r\n", null],
    'tail differs in its last bytes' => [HEAD18 . "SM\r\nxx", null],
    'HTTP/1-looking tail' => [HEAD18 . "Host: x\r\n\r\n", null],
    'head, then a wrong tail' => [HEAD18, "XX\r\n\r\n"],
    'preface + PING instead of SETTINGS' => [H2_PREFACE . h2_ping_frame(), null],
    'preface + WINDOW_UPDATE instead of SETTINGS' => [H2_PREFACE . h2_window_update_frame(0, 1000), null],
];
foreach ([[$srv->port, false, 'h2c'], [$tls_port, true, 'TLS']] as [$port, $tls, $label]) {
    foreach ($cases as $name => [$first, $then]) {
        $c = new H2Raw($port, false, [], $tls);
        $c->send($first);
        $before = [];
        if ($then !== null) {
            // With only the head the server cannot tell yet: it waits (no GOAWAY, stays open).
            $before = $c->collect(0.3);
            $waits = !$c->goaway && !$c->eof;
            echo "$label $name: after the head alone the server ", $waits ? 'waits' : 'did not wait', "\n";
            $c->send($then);
        }
        echo "$label $name: ", h2_outcome($c, $before), "\n";
    }
}
// Over TLS ALPN chose h2: HTTP/1.1 text and garbage are invalid prefaces too.
foreach (['HTTP/1.1 request' => "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n", 'garbage' => "hello\r\n\r\n"] as $name => $bytes) {
    $c = new H2Raw($tls_port, false, [], true);
    $c->send($bytes);
    echo "TLS $name: ", h2_outcome($c), "\n";
}

// On the cleartext port, bytes that part from the preface before "PRI * HTTP/2.0\r\n\r\n" is
// complete are HTTP/1.1: an HTTP/2.0 request line is 505, garbage 400, PRI/1.1 a request
// (with "*" a 400: the asterisk-form is for OPTIONS only, RFC 9112 3.2.4).
foreach ([
    'HTTP/2.0 request line with a header' => "PRI * HTTP/2.0\r\nHost: x\r\n\r\n",
    'garbage' => "hello garbage\r\n\r\n",
    'PRI * over HTTP/1.1' => "PRI * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    'PRI over HTTP/1.1' => "PRI / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
] as $name => $bytes) {
    $out = trident_raw($srv->port, $bytes, 5);
    echo "h2c port, $name: ", strstr($out, "\r\n", true) ?: json_encode($out), "\n";
}

[$st, $body] = h2_curl_get($srv->url('/after'));
echo "after, h2c: $st $body\n";
[$rc, $out] = trident_curl(['--http1.1', $srv->url('/after1')]);
echo "after, HTTP/1.1: $out\n";
[$rc, $out] = trident_curl(['-k', '--http2', "https://127.0.0.1:$tls_port/after"]);
echo "after, h2 over TLS: $out\n";
$srv->stop();
?>
--EXPECT--
h2c tail differs, one write: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c tail differs in its last bytes: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c HTTP/1-looking tail: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c head, then a wrong tail: after the head alone the server waits
h2c head, then a wrong tail: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c preface + PING instead of SETTINGS: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c preface + WINDOW_UPDATE instead of SETTINGS: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS tail differs, one write: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS tail differs in its last bytes: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS HTTP/1-looking tail: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS head, then a wrong tail: after the head alone the server waits
TLS head, then a wrong tail: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS preface + PING instead of SETTINGS: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS preface + WINDOW_UPDATE instead of SETTINGS: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS HTTP/1.1 request: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
TLS garbage: first frame SETTINGS, GOAWAY PROTOCOL_ERROR last=0, closed
h2c port, HTTP/2.0 request line with a header: HTTP/1.1 505 HTTP Version Not Supported
h2c port, garbage: HTTP/1.1 400 Bad Request
h2c port, PRI * over HTTP/1.1: HTTP/1.1 400 Bad Request
h2c port, PRI over HTTP/1.1: HTTP/1.1 200 OK
after, h2c: 200 ok HTTP/2
after, HTTP/1.1: ok HTTP/1.1
after, h2 over TLS: ok HTTP/2
