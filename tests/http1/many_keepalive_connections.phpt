--TEST--
HTTP/1.1 load: 1,000 requests over 50 concurrent keep-alive connections (20 sequential requests each), zero errors, every body exact
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    $res->header('X-Session', (string)$req->fd);
    $res->header('X-Pid', (string)getmypid());
    $uri = $req->server['request_uri'] . '?' . ($req->server['query_string'] ?? '');
    $body = $req->rawContent();
    $res->end($req->getMethod() . ' ' . $uri . ' ' . ($body === false ? '-' : $body) . ' ' . md5($uri));
});
$server->start();
PHP);

const CONNS = 50;
const PER_CONN = 20;
function request_for(int $c, int $i): array {
    $uri = "/c$c/r$i?pad=" . str_repeat('p', ($c * 7 + $i * 13) % 200);
    if ($i % 4 == 3) {
        $body = "body-$c-$i-" . str_repeat('b', ($c + $i) % 300);
        return ["POST $uri HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " . strlen($body) . "\r\n\r\n$body", "POST $uri $body " . md5($uri)];
    }
    return ["GET $uri HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "GET $uri - " . md5($uri)];
}

$socks = [];
$state = [];
for ($c = 0; $c < CONNS; $c++) {
    $s = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
    if (!$s) { echo "connect $c failed: $errstr\n"; continue; }
    stream_set_blocking($s, false);
    $socks[$c] = $s;
    $state[$c] = ['next' => 0, 'buf' => '', 'expect' => null, 'session' => null];
}
function send_next(int $c): void {
    global $socks, $state;
    [$req, $expect] = request_for($c, $state[$c]['next']);
    $state[$c]['expect'] = $expect;
    $state[$c]['next']++;
    stream_set_blocking($socks[$c], true);
    fwrite($socks[$c], $req);
    stream_set_blocking($socks[$c], false);
}
foreach ($socks as $c => $_) send_next($c);

$ok = 0; $errors = []; $pids = []; $sessions_per_conn_ok = 0; $open = $socks;
$deadline = microtime(true) + 20;
while ($open && microtime(true) < $deadline) {
    $r = array_values($open); $w = $e = null;
    if (stream_select($r, $w, $e, 1) < 1) continue;
    foreach ($r as $s) {
        $c = array_search($s, $socks, true);
        $d = fread($s, 65536);
        if ($d === '' || $d === false) {
            if (feof($s) || $d === false) { $errors[] = "conn $c closed by the server after {$state[$c]['next']} requests"; unset($open[$c]); }
            continue;
        }
        $st = &$state[$c];
        $st['buf'] .= $d;
        $p = strpos($st['buf'], "\r\n\r\n");
        if ($p === false) continue;
        $head = substr($st['buf'], 0, $p);
        if (!preg_match('/\r\nContent-Length: (\d+)\r\n/i', $head . "\r\n", $m)) { $errors[] = "conn $c: no Content-Length: " . json_encode($head); unset($open[$c]); continue; }
        if (strlen($st['buf']) < $p + 4 + (int)$m[1]) continue;
        $body = substr($st['buf'], $p + 4, (int)$m[1]);
        $rest = substr($st['buf'], $p + 4 + (int)$m[1]);
        preg_match('/\r\nX-Session: (\d+)/', $head, $ms);
        preg_match('/\r\nX-Pid: (\d+)/', $head, $mp);
        $pids[$mp[1] ?? '?'] = true;
        if (!str_starts_with($head, "HTTP/1.1 200 OK\r\n")) $errors[] = "conn $c: status " . strtok($head, "\r");
        elseif ($body !== $st['expect']) $errors[] = "conn $c req " . ($st['next'] - 1) . ": body " . json_encode($body) . ' expected ' . json_encode($st['expect']);
        elseif ($rest !== '') $errors[] = "conn $c: extra bytes " . json_encode($rest);
        elseif ($st['session'] !== null && $st['session'] !== ($ms[1] ?? '')) $errors[] = "conn $c: session changed";
        else $ok++;
        $st['session'] = $ms[1] ?? '';
        $st['buf'] = '';
        if ($st['next'] < PER_CONN) send_next($c);
        else unset($open[$c]);
        unset($st);
    }
}
if ($open) $errors[] = count($open) . ' connections unfinished at the deadline';
echo "responses ok: $ok\n";
echo 'errors: ', count($errors), "\n";
foreach (array_slice($errors, 0, 5) as $e) echo "  $e\n";
echo 'both workers served: ', count($pids) == 2 ? 'yes' : 'no', "\n";
$alive = 0;
foreach ($socks as $s) { $x = fread($s, 1); if (!feof($s)) $alive++; fclose($s); }
echo "connections still open: $alive\n";
$srv->stop();
?>
--EXPECT--
responses ok: 1000
errors: 0
both workers served: yes
connections still open: 50
