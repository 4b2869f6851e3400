--TEST--
103 Early Hints: $response->earlyHints() sends 103s before the final response on HTTP/1.1 (raw bytes, pipelined), h2c, h2 (curl) and HTTP/3 (gtlsclient); the final response keeps its own status and headers (no Link repeated, no 200 in place of 201); HTTP/1.0 gets none (false); after the head it is false with a warning; bad arguments throw
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$log = tempnam(sys_get_temp_dir(), 'trident_early_hints_');
$tls_port = trident_free_port();
$srv = new TridentTestServer(h3_cert_vars($c) . '$LOG = ' . var_export($log, true) . ";\n\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($LOG, $server) {
    $note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
    $uri = $req->server['request_uri'];
    if ($uri === '/stats') {
        $res->end((string)$server->stats()['interim_response_count']);
        return;
    }
    if ($uri === '/misuse') {
        foreach ([[], ['Bad Name' => 'x'], ['Link' => "a\r\nb"], [0 => 'x'], ['Link' => [1]], ['Link' => new stdClass]] as $arg) {
            try { $res->earlyHints($arg); $note('no exception'); }
            catch (Throwable $e) { $note(get_class($e) . ': ' . $e->getMessage()); }
        }
        $res->end('misuse done');
        $note('after end: ' . var_export(@$res->earlyHints(['Link' => '</x>']), true) . ' ' . (error_get_last()['message'] ?? '-'));
        return;
    }
    $first = $res->earlyHints(['Link' => ['</style.css>; rel=preload; as=style', '</app.js>; rel=preload; as=script']]);
    $second = $res->earlyHints(['Link' => '</font.woff2>; rel=preload; as=font; crossorigin', 'X-Hint' => 'two']);
    $note("{$req->server['server_protocol']} $uri hints=" . var_export($first, true) . ',' . var_export($second, true));
    usleep(100000);  // the hints are on the wire before the final response exists
    $res->status(201);
    $res->header('Content-Type', 'text/plain');
    $res->header('X-Final', 'yes');
    $res->end("created $uri\n");
});
$server->start();
PHP);
$p2 = $srv->port;

// HTTP/1.1, exact bytes (Date masked); two pipelined requests: the second's hints wait behind the first response.
$raw = trident_raw($p2, "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10);
echo preg_replace('/Date: [^\r]*/', 'Date: -', $raw), "\n---\n";
// HTTP/1.0: no interim response.
$raw = trident_raw($p2, "GET /old HTTP/1.0\r\nHost: x\r\n\r\n", 10);
echo preg_replace('/Date: [^\r]*/', 'Date: -', $raw), "\n---\n";

$heads = function (string $dump) {
    $out = [];
    foreach (preg_split('/\r?\n/', trim($dump)) as $line) {
        if (preg_match('#^HTTP/\S+ (\d+)#', $line, $m)) $out[] = "status $m[1]";
        elseif (preg_match('/^(link|x-hint|x-final|content-type|content-length):\s*(.*)$/i', $line, $m)) $out[] = strtolower($m[1]) . ": $m[2]";
    }
    return implode("\n", $out);
};
[$code, $out] = trident_run(['curl', '-sS', '--http2-prior-knowledge', '-D', '-', '-o', '/dev/null', "http://127.0.0.1:$p2/h2c"]);
echo "h2c (curl $code):\n", $heads($out), "\n---\n";
[$code, $out] = trident_run(['curl', '-sS', '--http2', '--cacert', $c['cert'], '-D', '-', '-o', '/dev/null', "https://localhost:$tls_port/h2",
    '--resolve', "localhost:$tls_port:127.0.0.1"]);
echo "h2 (curl $code):\n", $heads($out), "\n---\n";

$r = h3_client($tls_port, ['/h3']);
$lines = [];
foreach (preg_split('/\r?\n/', $r['log']) as $line) {
    if (preg_match('/^http: stream 0x0 \[(:status|link|x-hint|x-final|content-type|content-length): (.*)\]$/', $line, $m)) $lines[] = "$m[1]: $m[2]";
}
echo "h3:\n", implode("\n", $lines), "\n---\n";

echo trident_curl(["http://127.0.0.1:$p2/misuse"])[1], "\n";
echo "interim_response_count: ", trident_curl(["http://127.0.0.1:$p2/stats"])[1], "\n";
$srv->stop();
echo file_get_contents($log);
@unlink($log);
?>
--EXPECT--
HTTP/1.1 103 Early Hints
Link: </style.css>; rel=preload; as=style
Link: </app.js>; rel=preload; as=script

HTTP/1.1 103 Early Hints
Link: </font.woff2>; rel=preload; as=font; crossorigin
X-Hint: two

HTTP/1.1 201 Created
Content-Type: text/plain
X-Final: yes
Date: -
Content-Length: 11

created /a
HTTP/1.1 103 Early Hints
Link: </style.css>; rel=preload; as=style
Link: </app.js>; rel=preload; as=script

HTTP/1.1 103 Early Hints
Link: </font.woff2>; rel=preload; as=font; crossorigin
X-Hint: two

HTTP/1.1 201 Created
Content-Type: text/plain
X-Final: yes
Date: -
Content-Length: 11
Connection: close

created /b

---
HTTP/1.0 201 Created
Content-Type: text/plain
X-Final: yes
Date: -
Content-Length: 13
Connection: close

created /old

---
h2c (curl 0):
status 103
link: </style.css>; rel=preload; as=style
link: </app.js>; rel=preload; as=script
status 103
link: </font.woff2>; rel=preload; as=font; crossorigin
x-hint: two
status 201
content-type: text/plain
x-final: yes
content-length: 13
---
h2 (curl 0):
status 103
link: </style.css>; rel=preload; as=style
link: </app.js>; rel=preload; as=script
status 103
link: </font.woff2>; rel=preload; as=font; crossorigin
x-hint: two
status 201
content-type: text/plain
x-final: yes
content-length: 12
---
h3:
:status: 103
link: </style.css>; rel=preload; as=style
link: </app.js>; rel=preload; as=script
:status: 103
link: </font.woff2>; rel=preload; as=font; crossorigin
x-hint: two
:status: 201
content-type: text/plain
x-final: yes
content-length: 12
---
misuse done
interim_response_count: 10
HTTP/1.1 /a hints=true,true
HTTP/1.1 /b hints=true,true
HTTP/1.0 /old hints=false,false
HTTP/2 /h2c hints=true,true
HTTP/2 /h2 hints=true,true
HTTP/3 /h3 hints=true,true
ValueError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must not be empty
ValueError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must have valid header names as keys (no spaces, colons, CR, LF or NUL)
ValueError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must not contain CR, LF or NUL in a value
ValueError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must have valid header names as keys (no spaces, colons, CR, LF or NUL)
TypeError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must contain only strings or arrays of strings as values, int given
TypeError: Trident\Http\Response::earlyHints(): Argument #1 ($headers) must contain only strings or arrays of strings as values, stdClass given
after end: false Trident\Http\Response::earlyHints(): Cannot send early hints: the response head has already been sent
