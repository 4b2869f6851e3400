--TEST--
Coroutine server: 2,000 sequential requests, each starting a coroutine with go() and sleeping 0 (plus a Channel hand-over): the worker's memory_get_usage() grows by less than 64 KiB between request 500 and request 2,000, and no coroutine is left behind
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';
require __DIR__ . '/../http1/helpers.inc';

$srv = new TridentTestServer(<<<'PHP'
use Trident\Coroutine;
use Trident\Coroutine\Channel;

$N = 0;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $n = ++$GLOBALS['N'];
    $ch = new Channel(1);
    Trident\go(function () use ($ch, $n) {
        Coroutine::sleep(0);
        $ch->push($n);
    });
    Coroutine::sleep(0);
    $got = $ch->pop(1);
    if ($n % 500 === 0) {
        Coroutine::sleep(0);   // let every finished coroutine be freed first
        $s = Coroutine::stats();
        $res->end("$n $got " . memory_get_usage() . " {$s['coroutine_num']}");
    } else {
        $res->end("$n $got");
    }
});
$server->start();
PHP);

// One keep-alive connection, one request at a time.
$c = new H1Client($srv->port);
$mem = [];
$bad = 0;
$live = [];
$t0 = microtime(true);
for ($i = 1; $i <= 2000; $i++) {
    $c->send(h1_get('/r'));
    $r = $c->readResponse();
    $f = explode(' ', $r['body']);
    if ($r['status'] !== 200 || (int)$f[0] !== $i || (int)$f[1] !== $i) { if ($bad++ < 3) echo "request $i: {$r['status']} {$r['body']}\n"; }
    if ($i % 500 === 0) { $mem[$i] = (int)($f[2] ?? 0); $live[$i] = (int)($f[3] ?? -1); }
}
$c->close();
echo "2000 requests, wrong answers: $bad\n";
echo "sampled at: ", implode(' ', array_keys($mem)), "\n";
$growth = $mem[2000] - $mem[500];
echo "growth from 500 to 2000 < 64 KiB: ", var_export($growth < 65536, true), " ($growth bytes; ", implode(', ', $mem), ")\n";
echo "live coroutines at each sample (the request's own only): ", implode(' ', $live), "\n";
echo "within 10 s: ", var_export(microtime(true) - $t0 < 10, true), "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
2000 requests, wrong answers: 0
sampled at: 500 1000 1500 2000
growth from 500 to 2000 < 64 KiB: true (%i bytes; %d, %d, %d, %d)
live coroutines at each sample (the request's own only): 1 1 1 1
within 10 s: true
log: ""
