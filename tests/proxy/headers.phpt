--TEST--
PROXY protocol headers made by hand: v1 TCP4/TCP6/UNKNOWN, v2 TCP4/TCP6/LOCAL with TLVs, a header split over many writes, pipelined requests right behind it; malformed headers, a missing header, a stalled one (http_header_timeout) and a source outside proxy_protocol_trusted are closed without an answer and counted, while the server keeps serving; setting errors
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$other = trident_free_port();
$srv = new TridentTestServer("\$OTHER = $other;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_header_timeout' => 1.0,
              'proxy_protocol' => true, 'proxy_protocol_trusted' => ['127.0.0.1', '::1']]);
// Only a balancer at 10.x may send headers to this one: the test's own connections are refused.
$server->listen('127.0.0.1', $OTHER, ['proxy_protocol' => true, 'proxy_protocol_trusted' => ['10.0.0.0/8']]);
$server->on('Request', function ($req, $res) use ($server) {
    $s = $req->server;
    if ($s['request_uri'] === '/stats') {
        $st = $server->stats();
        $res->end("{$st['proxy_header_count']} {$st['proxy_header_error_count']} {$st['proxy_untrusted_count']}");
        return;
    }
    $res->end("{$s['request_uri']} remote {$s['remote_addr']}:{$s['remote_port']} server {$s['server_addr']}:{$s['server_port']}");
});
$server->start();
PHP);
$port = $srv->port;

function v2(int $cmd, int $fam, string $body): string {
    return "\r\n\r\n\0\r\nQUIT\n" . chr(0x20 | $cmd) . chr($fam) . pack('n', strlen($body)) . $body;
}
function body_of(string $raw): string {
    $out = [];
    while (($p = strpos($raw, "\r\n\r\n")) !== false) {
        preg_match('/Content-Length: (\d+)/i', substr($raw, 0, $p), $m);
        $out[] = substr($raw, $p + 4, (int)$m[1]);
        $raw = substr($raw, $p + 4 + (int)$m[1]);
    }
    return $out ? implode(' | ', $out) : '(nothing)';
}
$get = fn(string $path, bool $close = true) => "GET $path HTTP/1.1\r\nHost: x\r\n" . ($close ? "Connection: close\r\n" : '') . "\r\n";

$ok = [
    'v1 TCP4' => "PROXY TCP4 203.0.113.9 198.51.100.2 4242 8080\r\n" . $get('/a'),
    'v1 TCP6' => "PROXY TCP6 2001:db8::7 2001:db8::1 65535 443\r\n" . $get('/b'),
    'v1 UNKNOWN' => "PROXY UNKNOWN\r\n" . $get('/c'),
    'v2 TCP4 + TLV' => v2(1, 0x11, inet_pton('192.0.2.33') . inet_pton('192.0.2.1') . pack('nn', 1234, 80) . "\x05\x00\x04abcd") . $get('/d'),
    'v2 TCP6' => v2(1, 0x21, inet_pton('fd00::5') . inet_pton('fd00::1') . pack('nn', 5555, 443)) . $get('/e'),
    'v2 LOCAL' => v2(0, 0x00, '') . $get('/f'),
    'v1, 2 pipelined' => "PROXY TCP4 203.0.113.10 198.51.100.2 1000 80\r\n" . $get('/g1', false) . $get('/g2'),
];
foreach ($ok as $what => $bytes) {
    $out = body_of(trident_raw($port, $bytes));
    echo str_pad($what, 16), ": ", preg_replace('/127\.0\.0\.1:\d+/', '127.0.0.1:OWN', $out), "\n";
}
// A header written a few bytes at a time.
$s = stream_socket_client("tcp://127.0.0.1:$port");
foreach (str_split("PROXY TCP4 203.0.113.11 198.51.100.2 7777 80\r\n", 5) as $piece) { fwrite($s, $piece); usleep(20000); }
fwrite($s, $get('/split'));
echo "split header    : ", body_of(stream_get_contents($s)), "\n";
fclose($s);

$bad = [
    'no header' => $get('/x'),
    'garbage' => str_repeat("\xff", 40),
    'v1 bad address' => "PROXY TCP4 300.1.1.1 1.1.1.1 1 2\r\n" . $get('/x'),
    'v1 no CRLF' => "PROXY TCP4 1.1.1.1 1.1.1.1 1 2\n" . $get('/x'),
    'v1 too long' => "PROXY UNKNOWN " . str_repeat('x', 200) . "\r\n" . $get('/x'),
    'v2 bad version' => "\r\n\r\n\0\r\nQUIT\n\x11\x11\x00\x0c" . str_repeat("\1", 12) . $get('/x'),
    'v2 short block' => v2(1, 0x21, str_repeat("\1", 12)) . $get('/x'),
];
$stats = fn() => array_map('intval', explode(' ', body_of(trident_raw($port, "PROXY UNKNOWN\r\n" . $get('/stats')))));
$before = $stats();
foreach ($bad as $what => $bytes) {
    $t = microtime(true);
    $out = trident_raw($port, $bytes, 5.0);
    printf("%-16s: %s%s\n", $what, $out === '' ? 'closed, no answer' : "ANSWERED: $out", microtime(true) - $t < 0.9 ? '' : ' (slow)');
}
// Stalled after half a header: closed by http_header_timeout (1 s).
$t = microtime(true);
$out = trident_raw($port, "PROXY TCP4 1.2.3.4", 5.0);
$dt = microtime(true) - $t;
printf("stalled header  : %s after %s\n", $out === '' ? 'closed, no answer' : "ANSWERED: $out", $dt >= 0.9 && $dt < 4 ? '~1 s' : sprintf('%.2f s', $dt));
// The other listener trusts 10.0.0.0/8 only.
$out = trident_raw($other, "PROXY TCP4 203.0.113.9 198.51.100.2 4242 8080\r\n" . $get('/u'), 5.0);
echo "untrusted source: ", $out === '' ? 'closed, no answer' : "ANSWERED: $out", "\n";
$after = $stats();
// errors: the 7 bad headers and the stalled one; headers: the second stats request.
vprintf("counted: headers +%d, errors +%d, untrusted +%d\n", array_map(fn($a, $b) => $a - $b, $after, $before));
echo "still serving   : ", body_of(trident_raw($port, "PROXY TCP4 203.0.113.12 198.51.100.2 9 80\r\n" . $get('/last'))), "\n";
$log = $srv->stop();
echo $log === '' ? "clean stop\n" : "stop log: $log\n";

// Setting errors, from set() and listen().
$s2 = new Trident\Http\Server('127.0.0.1', trident_free_port());
var_dump($s2->set(['proxy_protocol_trusted' => ['10.0.0.0/33']]));
var_dump($s2->set(['proxy_protocol_trusted' => 'any']));
var_dump($s2->listen('127.0.0.1', trident_free_port(), ['proxy_protocol' => 'yes']));
$s3 = new Trident\Http\Server('127.0.0.1', trident_free_port());
$s3->set(['proxy_protocol_trusted' => ['127.0.0.1'], 'log_level' => 5]);
$s3->on('Request', function ($req, $res) {});
try {
    $s3->start();
} catch (Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECTF--
v1 TCP4         : /a remote 203.0.113.9:4242 server 198.51.100.2:8080
v1 TCP6         : /b remote 2001:db8::7:65535 server 2001:db8::1:443
v1 UNKNOWN      : /c remote 127.0.0.1:OWN server 127.0.0.1:OWN
v2 TCP4 + TLV   : /d remote 192.0.2.33:1234 server 192.0.2.1:80
v2 TCP6         : /e remote fd00::5:5555 server fd00::1:443
v2 LOCAL        : /f remote 127.0.0.1:OWN server 127.0.0.1:OWN
v1, 2 pipelined : /g1 remote 203.0.113.10:1000 server 198.51.100.2:80 | /g2 remote 203.0.113.10:1000 server 198.51.100.2:80
split header    : /split remote 203.0.113.11:7777 server 198.51.100.2:80
no header       : closed, no answer
garbage         : closed, no answer
v1 bad address  : closed, no answer
v1 no CRLF      : closed, no answer
v1 too long     : closed, no answer
v2 bad version  : closed, no answer
v2 short block  : closed, no answer
stalled header  : closed, no answer after ~1 s
untrusted source: closed, no answer
counted: headers +1, errors +8, untrusted +1
still serving   : /last remote 203.0.113.12:9 server 198.51.100.2:80
clean stop

Warning: Trident\Http\Server::set(): proxy_protocol_trusted: "10.0.0.0/33" is not an IP address or network (a.b.c.d[/n], ipv6[/n]) in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "proxy_protocol_trusted" must be of type array, string given in %s on line %d
bool(false)

Warning: Trident\Http\Server::listen(): Setting "proxy_protocol" must be of type bool, string given in %s on line %d
bool(false)
Trident\Exception: proxy_protocol_trusted needs proxy_protocol on the same listener
