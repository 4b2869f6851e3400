--TEST--
HTTP/1.1 request head and body split across many small writes with delays arrive byte-exact
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $body = (string)$req->rawContent();
    $res->header('Content-Type', 'text/plain');
    $res->end($req->server['request_uri'] . ' ' . strlen($body) . ' ' . md5($body));
});
$server->start();
PHP);

function dribble(H1Client $c, string $bytes, array $sizes, int $delay_us): int {
    $writes = 0;
    for ($off = 0, $i = 0; $off < strlen($bytes); $i++) {
        $n = $sizes[$i % count($sizes)];
        $c->send(substr($bytes, $off, $n));
        $off += $n;
        $writes++;
        usleep($delay_us);
    }
    return $writes;
}

$c = new H1Client($srv->port);
// Content-Length body: the head in pieces of 1..7 bytes, the body in 40 pieces.
$body = random_bytes(4000);
$req = "POST /cl HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4000\r\n\r\n" . $body;
$w = dribble($c, $req, [1, 3, 7, 2, 5, 100, 100, 100], 5000);
$r = $c->readResponse();
echo $r['status'], ' ', $r['body'] === '/cl 4000 ' . md5($body) ? 'exact' : 'WRONG ' . $r['body'], ', writes > 50: ', $w > 50 ? 'yes' : 'no', "\n";

// Chunked body, split at every awkward place (inside the size line, between CR and LF, inside data).
$chunks = ['abc', str_repeat('x', 300), random_bytes(517), "\r\n0\r\n"];
$enc = '';
foreach ($chunks as $ch) $enc .= dechex(strlen($ch)) . ";e=1\r\n" . $ch . "\r\n";
$enc .= "0\r\nT: v\r\n\r\n";
$req = "POST /chunked HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" . $enc;
dribble($c, $req, [1, 2, 1, 3, 50], 2000);
$r = $c->readResponse();
$whole = implode('', $chunks);
echo $r['status'], ' ', $r['body'] === '/chunked ' . strlen($whole) . ' ' . md5($whole) ? 'exact' : 'WRONG ' . $r['body'], "\n";
echo 'quiet: ', $c->quietFor(0.2) ? 'yes' : 'no', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
200 exact, writes > 50: yes
200 exact
quiet: yes
