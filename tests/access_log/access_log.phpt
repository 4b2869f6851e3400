--TEST--
access_log: one line per request on HTTP/1.1, h2c, HTTP/2 over TLS and HTTP/3, in nginx's combined format and as JSON lines (every field exact: method, target, protocol, status, body bytes, duration, remote address, host, referer, user agent, request id); the request id is the client's X-Request-Id or one generated, the same in the log and in $request->server['request_id']; answers of the server itself are logged; SIGUSR2 reopens the file after logrotate moved it; setting errors
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';

function start_server(string $log, string $format): TridentTestServer {
    $c = tls_certs();
    $tls = trident_free_port();
    $srv = new TridentTestServer(h3_cert_vars($c) . "\$LOG = '$log'; \$FORMAT = '$format'; \$TLS_PORT = $tls;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// One reactor: lines of different reactors reach the file in batches, not in request order.
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'access_log' => $LOG, 'access_log_format' => $FORMAT]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $uri = $req->server['request_uri'];
    if ($uri === '/missing') { $res->status(404); $res->end('not here'); return; }
    if ($uri === '/slow') Trident\Coroutine::sleep(0.3);
    $res->header('X-Seen-Id', $req->server['request_id']);
    $res->end(str_repeat('x', 100));
});
$server->start();
PHP);
    $GLOBALS['tls_port'] = $tls;
    return $srv;
}

// Waits until the file has $n lines (the writer flushes every 200 ms).
function lines(string $path, int $n): array {
    $deadline = microtime(true) + 5;
    do {
        clearstatcache();
        $l = is_file($path) ? file($path, FILE_IGNORE_NEW_LINES) : [];
        if (count($l) >= $n) return $l;
        usleep(50000);
    } while (microtime(true) < $deadline);
    return $l;
}

$dir = sys_get_temp_dir() . '/trident_access_' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) { array_map('unlink', glob("$dir/*")); @rmdir($dir); });

// --- combined ---
$srv = start_server("$dir/combined.log", 'combined');
$p = $srv->port;
trident_curl(['-A', 'curl-test/1', '-e', 'http://ref.example/page', "http://127.0.0.1:$p/a?x=1"]);
trident_curl(['--http2-prior-knowledge', "http://127.0.0.1:$p/missing"]);
trident_curl(['-k', '--http2', '-A', 'h2 "quoted"', "https://127.0.0.1:$tls_port/tls"]);
trident_curl(['-I', "http://127.0.0.1:$p/head"]);
trident_raw($p, "GET / HTTP/1.1\r\n\r\n");   // no Host: the server's own 400
h3_client($tls_port, ['/h3']);
foreach (lines("$dir/combined.log", 6) as $l) {
    echo preg_replace(['/\[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\]/', '/"(gtlsclient|nghttp3|ngtcp2)[^"]*"$/'], ['[TIME]', '"H3CLIENT"'], $l), "\n";
}
$srv->stop();

// --- json, request ids, reopen ---
$srv = start_server("$dir/json.log", 'json');
$p = $srv->port;
[, $h1] = trident_curl(['-i', '-H', 'X-Request-Id: abc-123', "http://127.0.0.1:$p/given"]);
[, $h2] = trident_curl(['-i', "http://127.0.0.1:$p/slow"]);
preg_match('/x-seen-id: (\S+)/i', $h1, $m1);
preg_match('/x-seen-id: (\S+)/i', $h2, $m2);
echo "given id seen by PHP: {$m1[1]}\n";
echo "generated id: ", preg_match('/^[0-9a-f]{32}$/', $m2[1]) ? '32 hex digits' : $m2[1], "\n";
$j = array_map(fn($l) => json_decode($l, true), lines("$dir/json.log", 2));
foreach ($j as $e) {
    $ok_time = preg_match('/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/', $e['time']);
    $dur = $e['duration'];
    $e['time'] = $ok_time ? 'ISO' : $e['time'];
    $e['duration'] = $dur >= 0.3 && $dur < 3 ? '0.3..3' : ($dur < 0.3 ? '< 0.3' : $dur);
    if ($e['request_id'] === $m2[1]) $e['request_id'] = 'SAME AS PHP';
    $e['user_agent'] = str_starts_with($e['user_agent'], 'curl/') ? 'curl/*' : $e['user_agent'];
    echo json_encode($e), "\n";
}
// logrotate: the file is moved, SIGUSR2 to the master, new lines go to a new file at the path.
rename("$dir/json.log", "$dir/json.log.1");
trident_curl(["http://127.0.0.1:$p/before-reopen"]);   // still written to the moved file
lines("$dir/json.log.1", 3);
trident_run(['kill', '-USR2', (string)$srv->pid()]);
usleep(400000);
trident_curl(["http://127.0.0.1:$p/after-reopen"]);
$new = lines("$dir/json.log", 1);
echo "moved file: ", count(file("$dir/json.log.1")), " lines, new file: ", count($new), " line ", json_decode($new[0] ?? '{}', true)['target'] ?? '?', "\n";
$log = $srv->stop();
echo $log === '' ? "clean stop\n" : "log: $log\n";

// --- setting errors ---
$s = new Trident\Http\Server('127.0.0.1', trident_free_port());
var_dump($s->set(['access_log_format' => 'apache']));
var_dump($s->set(['access_log' => 42]));
$s->set(['access_log' => "$dir/no/such/dir/x.log", 'log_level' => 5]);
$s->on('Request', function ($req, $res) {});
try { $s->start(); } catch (Trident\Exception $e) { echo get_class($e), ': ', str_replace($dir, 'DIR', $e->getMessage()), "\n"; }
?>
--EXPECTF--
127.0.0.1 - - [TIME] "GET /a?x=1 HTTP/1.1" 200 100 "http://ref.example/page" "curl-test/1"
127.0.0.1 - - [TIME] "GET /missing HTTP/2.0" 404 8 "-" "curl/%s"
127.0.0.1 - - [TIME] "GET /tls HTTP/2.0" 200 100 "-" "h2 \x22quoted\x22"
127.0.0.1 - - [TIME] "HEAD /head HTTP/1.1" 200 0 "-" "curl/%s"
127.0.0.1 - - [TIME] "-" 400 %d "-" "-"
127.0.0.1 - - [TIME] "GET /h3 HTTP/3.0" 200 100 "-" "H3CLIENT"
given id seen by PHP: abc-123
generated id: 32 hex digits
{"time":"ISO","remote_addr":"127.0.0.1","method":"GET","target":"\/given","protocol":"HTTP\/1.1","host":"127.0.0.1:%d","status":200,"bytes":100,"duration":"< 0.3","referer":"","user_agent":"curl\/*","request_id":"abc-123"}
{"time":"ISO","remote_addr":"127.0.0.1","method":"GET","target":"\/slow","protocol":"HTTP\/1.1","host":"127.0.0.1:%d","status":200,"bytes":100,"duration":"0.3..3","referer":"","user_agent":"curl\/*","request_id":"SAME AS PHP"}
moved file: 3 lines, new file: 1 line /after-reopen
clean stop

Warning: Trident\Http\Server::set(): Setting "access_log_format" must be "combined" or "json", "apache" given in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "access_log" must be of type ?string, int given in %s on line %d
bool(false)
Trident\Exception: cannot open access_log "DIR/no/such/dir/x.log": No such file or directory
