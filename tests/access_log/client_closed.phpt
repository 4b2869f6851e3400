--TEST--
access_log: a request whose client resets or disconnects before its response is complete is logged with status 499 and the body bytes sent so far, and counted in trident_http_responses_total (status_class 4xx), on HTTP/1.1 and h2c; HTTP/2 requests the server answers itself before a head is captured (431) log the client's address
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../http2/h2raw.inc';
require __DIR__ . '/../http1/helpers.inc';
$dir = sys_get_temp_dir() . '/trident_499_' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) { array_map('unlink', glob("$dir/*")); @rmdir($dir); });
$mport = trident_free_port();
$srv = new TridentTestServer("\$LOG = '$dir/access.log'; \$REC = '$dir/rec'; \$MPORT = $mport;\n" . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['REC'], $l . "\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'access_log' => $LOG, 'access_log_format' => 'combined', 'http_max_header_size' => 4096,
              'metrics' => "127.0.0.1:$MPORT"]);
$server->on('Request', function ($req, $res) {
    $uri = $req->server['request_uri'];
    if ($uri === '/part') {
        // Some body goes out, then the handler stalls until its client is gone.
        $res->write('12345');
        rec("started $uri");
        for ($i = 0; $i < 100 && $res->isWritable(); $i++) Trident\Coroutine::sleep(0.05);
        $res->end('late');
        return;
    }
    if ($uri === '/slow') {
        rec("started $uri");
        for ($i = 0; $i < 100 && $res->isWritable(); $i++) Trident\Coroutine::sleep(0.05);
        $res->end('late');
        return;
    }
    $res->end('ok');
});
$server->start();
PHP);
$p = $srv->port;

function wait_rec(string $file, string $line): bool {
    $deadline = microtime(true) + 10;
    do {
        if (in_array($line, @file($file, FILE_IGNORE_NEW_LINES) ?: [], true)) return true;
        usleep(20000);
    } while (microtime(true) < $deadline);
    return false;
}
// The log line appears when the client goes (the writer flushes every 200 ms).
function lines(string $path, int $n): array {
    $deadline = microtime(true) + 10;
    do {
        clearstatcache();
        $l = is_file($path) ? file($path, FILE_IGNORE_NEW_LINES) : [];
        if (count($l) >= $n) return $l;
        usleep(50000);
    } while (microtime(true) < $deadline);
    return $l;
}
function responses_4xx(int $mport): string {
    [, $m] = trident_curl(["http://127.0.0.1:$mport/metrics"]);
    preg_match_all('/^trident_http_responses_total\{protocol="(http\d)",status_class="4xx"\} (\d+)$/m', $m, $mm, PREG_SET_ORDER);
    return implode(' ', array_map(fn($x) => "$x[1]=$x[2]", $mm));
}
$n = 0;
$log = "$dir/access.log";
$show = function () use ($log, &$n) {
    $l = lines($log, ++$n);
    echo preg_replace('/\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\]/', '[TIME]', $l[$n - 1] ?? 'NO LINE'), "\n";
};
echo "before: ", responses_4xx($mport), "\n";

// HTTP/1.1: the client closes while the handler runs (nothing sent yet).
$c = new H1Client($p);
$c->send("GET /slow?a=1 HTTP/1.1\r\nHost: x\r\nUser-Agent: closer/1\r\n\r\n");
echo 'handler ran: ', var_export(wait_rec("$dir/rec", 'started /slow'), true), "\n";
$c->close();
$show();

// HTTP/1.1: the client closes after the head and 5 body bytes.
$c = new H1Client($p);
$c->send("GET /part HTTP/1.1\r\nHost: x\r\n\r\n");
echo 'handler ran: ', var_export(wait_rec("$dir/rec", 'started /part'), true), "\n";
$c->close();
$show();

// h2c: RST_STREAM(CANCEL) while the handler runs; the connection then serves on.
$h = new H2Raw($p);
$h->handshake();
@unlink("$dir/rec");
$h->request(1, '/slow');
echo 'handler ran: ', var_export(wait_rec("$dir/rec", 'started /slow'), true), "\n";
$h->send(h2_rst_frame(1, H2_CANCEL));
$show();
$h->request(3, '/fine');
$r = $h->response(3);
echo "after the reset: {$r[0]} {$r[2]}\n";
$show();
// h2c: the connection closes mid-response.
$h->request(5, '/part');
echo 'handler ran: ', var_export(wait_rec("$dir/rec", 'started /part'), true), "\n";
$h->close();
$show();

// HTTP/2: 431 answered by the server before any head went to a worker: the client's address.
trident_curl(['--http2-prior-knowledge', '-A', 'big/1', '-H', 'x-big: ' . str_repeat('b', 5000), "http://127.0.0.1:$p/big"]);
$show();

echo "after: ", responses_4xx($mport), "\n";
echo 'server log: ', trim($srv->stop()) === '' ? 'quiet' : 'NOT QUIET', "\n";
?>
--EXPECT--
before: http1=0 http2=0 http3=0
handler ran: true
127.0.0.1 - - [TIME] "GET /slow?a=1 HTTP/1.1" 499 0 "-" "closer/1"
handler ran: true
127.0.0.1 - - [TIME] "GET /part HTTP/1.1" 499 5 "-" "-"
handler ran: true
127.0.0.1 - - [TIME] "GET /slow HTTP/2.0" 499 0 "-" "-"
after the reset: 200 ok
127.0.0.1 - - [TIME] "GET /fine HTTP/2.0" 200 2 "-" "-"
handler ran: true
127.0.0.1 - - [TIME] "GET /part HTTP/2.0" 499 5 "-" "-"
127.0.0.1 - - [TIME] "-" 431 32 "-" "-"
after: http1=2 http2=3 http3=0
server log: quiet
