--TEST--
http_body_streaming: the handler reads the body as it arrives ($req->read()) over HTTP/1.1 (chunked, Content-Length) and h2c; EOF, abort, 413, rawContent()
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_body_streaming' => true,
              'open_http2_protocol' => true, 'package_max_length' => 1000]);
$last = '';
$server->on('Request', function ($req, $res) use (&$last) {
    $uri = $req->server['request_uri'];
    if ($uri === '/last') {
        $res->end($last);
        return;
    }
    if ($uri === '/raw') {
        // rawContent() waits for the whole body; $post is filled from it then.
        $before = var_export($req->post, true);
        $raw = $req->rawContent();
        $res->end("post before: $before\nraw: $raw\npost after: " . json_encode($req->post) .
                  "\nread after: " . var_export($req->read(), true) . ' ' . var_export($req->read(), true));
        return;
    }
    if ($uri === '/timeout') {
        $a = $req->read();
        $t = microtime(true);
        $b = $req->read(100, 0.3);
        $waited = microtime(true) - $t;
        $c = $req->read(100, 5.0);
        $res->end(var_export($a, true) . ' ' . var_export($b, true) . ' after ' . ($waited >= 0.29 && $waited < 1.0 ? '~0.3 s' : "$waited s") .
                  ' ' . var_export($c, true) . ' ' . var_export($req->read(), true));
        return;
    }
    if ($uri === '/mixed') {
        $first = $req->read(3);
        $warning = '';
        set_error_handler(function ($no, $str) use (&$warning) { $warning = $str; return true; });
        $raw = $req->rawContent();
        restore_error_handler();
        $rest = '';
        while (($d = $req->read()) !== '' && $d !== false) $rest .= $d;
        $res->end("first: $first\nraw: " . var_export($raw, true) . "\nwarning: $warning\nrest: $rest");
        return;
    }
    $lines = [];
    $eof = 0;
    $t0 = microtime(true);
    while (true) {
        $d = $req->read(100, 5.0);
        if ($d === false) { $lines[] = 'false'; break; }
        if ($d === '') { $eof++; break; }
        $lines[] = sprintf('%.6f', microtime(true)) . ' ' . $d;
    }
    if ($uri === '/abort') {
        $last = implode("\n", array_map(fn($l) => preg_replace('/^[0-9.]+ /', '', $l), $lines));
        return;
    }
    $lines[] = "eof=$eof again=" . var_export($req->read(), true) . ' ' . var_export($req->read(10, 0.0), true);
    $res->end($req->getMethod() . "\n" . implode("\n", $lines));
});
$server->start();
PHP);

// Splits a handler's answer into the method, [server time, data] pieces and the last line.
function pieces(string $body): array {
    $lines = explode("\n", $body);
    $method = array_shift($lines);
    $tail = array_pop($lines);
    $p = [];
    foreach ($lines as $l) { [$t, $d] = explode(' ', $l, 2); $p[] = [(float)$t, $d]; }
    return [$method, $p, $tail];
}
function report(string $label, int $status, string $body, float $last_sent): void {
    [$method, $p, $tail] = pieces($body);
    $data = implode('|', array_column($p, 1));
    $early = count($p) > 0 && $p[0][0] < $last_sent;
    echo "$label: $status $method $data; first piece before the last was sent: ", $early ? 'yes' : 'no', "; $tail\n";
}

// HTTP/1.1 chunked, pieces 0.2 s apart.
$c = new H1Client($srv->port);
$c->send("POST /chunked HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
foreach (['aaa', 'bbbb', 'ccccc'] as $i => $piece) {
    usleep(200000);
    if ($i === 2) $last_sent = microtime(true);
    $c->send(dechex(strlen($piece)) . "\r\n$piece\r\n");
}
usleep(200000);
$c->send("0\r\n\r\n");
$r = $c->readResponse();
report('chunked', $r['status'], $r['body'], $last_sent);

// HTTP/1.1 Content-Length, same connection.
$c->send("PUT /length HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n");
foreach (['1234', '5678', '90ab'] as $i => $piece) {
    usleep(200000);
    if ($i === 2) $last_sent = microtime(true);
    $c->send($piece);
}
$r = $c->readResponse();
report('length', $r['status'], $r['body'], $last_sent);

// A body larger than read()'s $length comes in pieces of at most $length.
$big = str_repeat('z', 250);
$c->send("POST /big HTTP/1.1\r\nHost: x\r\nContent-Length: 250\r\n\r\n$big");
$r = $c->readResponse();
[, $p] = pieces($r['body']);
echo 'big: ', $r['status'], ' ', implode(',', array_map(fn($x) => strlen($x[1]), $p)), ' ', implode('', array_column($p, 1)) === $big ? 'exact' : 'WRONG', "\n";

// package_max_length still gives 413 (Content-Length over it: before the handler).
$c->send("POST /toolarge HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
$r = $c->readResponse();
echo 'too large (length): ', $r['status'], "\n";
$c->close();

// ... and for a chunked body that grows past it.
$c = new H1Client($srv->port);
$c->send("POST /toolarge HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" . "258\r\n" . str_repeat('y', 600) . "\r\n");
usleep(100000);
$c->send("258\r\n" . str_repeat('y', 600) . "\r\n0\r\n\r\n");
$r = $c->readResponse();
echo 'too large (chunked): ', $r['status'], "\n";
$c->close();

// h2c: curl reads the body from a pipe fed 0.2 s apart.
$p = proc_open(['curl', '-sS', '--max-time', '10', '--http2-prior-knowledge', '-T', '-', '-w', '\n%{http_version} %{http_code}', $srv->url('/h2')],
               [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
foreach (['h2-one', 'h2-two', 'h2-three'] as $i => $piece) {
    usleep(200000);
    if ($i === 2) $last_sent = microtime(true);
    fwrite($pipes[0], $piece);
    fflush($pipes[0]);
}
fclose($pipes[0]);
$out = stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
proc_close($p);
$nl = strrpos($out, "\n");
[$ver, $code] = explode(' ', substr($out, $nl + 1));
report("h2c (HTTP/$ver)", (int)$code, substr($out, 0, $nl), $last_sent);
if ($err !== '') echo "curl: $err\n";

// read() with a timeout returns false when nothing came meanwhile; the body goes on after.
$c = new H1Client($srv->port);
$c->send("POST /timeout HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab");
usleep(600000);
$c->send("cd");
$r = $c->readResponse();
echo 'timeout: ', $r['status'], ' ', $r['body'], "\n";
$c->close();

// A client that disconnects mid-body: read() returns false.
$c = new H1Client($srv->port);
$c->send("POST /abort HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nhalf");
usleep(200000);
$c->close();
$deadline = microtime(true) + 5;
do {
    usleep(50000);
    [, $last] = trident_curl([$srv->url('/last')]);
} while ($last === '' && microtime(true) < $deadline);
echo 'abort: ', str_replace("\n", '|', $last), "\n";

// rawContent() waits for the whole body and fills $post; after read() it is refused.
[, $out] = trident_curl(['--data-binary', 'a=1&b=two', '-H', 'Content-Type: application/x-www-form-urlencoded', $srv->url('/raw')]);
echo $out, "\n";
[, $out] = trident_curl(['--data-binary', 'abcdefgh', $srv->url('/mixed')]);
echo $out, "\n";
echo 'server log: ', trim($srv->stop()) === '' ? 'quiet' : 'NOT QUIET', "\n";
?>
--EXPECT--
chunked: 200 POST aaa|bbbb|ccccc; first piece before the last was sent: yes; eof=1 again='' ''
length: 200 PUT 1234|5678|90ab; first piece before the last was sent: yes; eof=1 again='' ''
big: 200 100,100,50 exact
too large (length): 413
too large (chunked): 413
h2c (HTTP/2): 200 PUT h2-one|h2-two|h2-three; first piece before the last was sent: yes; eof=1 again='' ''
timeout: 200 'ab' false after ~0.3 s 'cd' ''
abort: half|false
post before: NULL
raw: a=1&b=two
post after: {"a":"1","b":"two"}
read after: 'a=1&b=two' ''
first: abc
raw: false
warning: Trident\Http\Request::rawContent(): the body was read with read()
rest: defgh
server log: quiet
