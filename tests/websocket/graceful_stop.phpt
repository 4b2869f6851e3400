--TEST--
WebSocket graceful stop: the server's shutdown closes open WebSockets with 1001 on both workers, their Close callbacks run before the workers stop, and it ends well before max_wait_time
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$log = tempnam(sys_get_temp_dir(), 'trident_ws_stop_');
$srv = new TridentTestServer('$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4, 'max_wait_time' => 20]);
$note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
$server->on('Open', function ($server, $req) { $server->push($req->fd, 'open'); });
$server->on('Message', function ($server, $f) {});
$server->on('Close', function ($server, $fd) use ($note) {
    // Each runs in its own coroutine; a worker exits only once every WS_CLOSED was handled.
    $note("close worker {$server->workerId}");
});
$server->on('WorkerStop', function ($server, $id) use ($note) {
    $note("workerstop $id");
});
$server->start();
PHP);

$script = <<<'PY'
import asyncio, sys, websockets
async def one(port, i):
    async with websockets.connect(f"ws://127.0.0.1:{port}/{i}") as ws:
        await ws.recv()
        print("ready", flush=True)
        try:
            await ws.recv()
        except websockets.ConnectionClosed as e:
            return e.rcvd.code if e.rcvd else None
async def main(port):
    codes = await asyncio.gather(*(one(port, i) for i in range(4)))
    print("close codes:", codes, flush=True)
asyncio.run(asyncio.wait_for(main(int(sys.argv[1])), 30))
PY;
$p = proc_open([WS_PYTHON, '-c', $script, (string)$srv->port], [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
$ready = 0;
$deadline = microtime(true) + 15;
while ($ready < 4 && microtime(true) < $deadline && ($line = fgets($pipes[1])) !== false) {
    if (trim($line) === 'ready') $ready++;
}
echo "ready: $ready\n";
$t = microtime(true);
$srv->stop(30);
$took = microtime(true) - $t;
echo stream_get_contents($pipes[1]);
$err = stream_get_contents($pipes[2]);
proc_close($p);
if ($err !== '') echo $err;
echo "stopped within max_wait_time: ", var_export($took < 10, true), "\n";
$lines = file($log, FILE_IGNORE_NEW_LINES);
$closes = count(array_filter($lines, fn($l) => str_starts_with($l, 'close')));
echo "Close callbacks: $closes\n";
// In each worker, its Close callbacks come before its WorkerStop.
foreach ([0, 1] as $w) {
    $stop = array_search("workerstop $w", $lines, true);
    $after = array_filter(array_slice($lines, $stop === false ? 0 : $stop + 1), fn($l) => $l === "close worker $w");
    echo "worker $w: stopped ", var_export($stop !== false, true), ", Close after WorkerStop: ", count($after), "\n";
}
@unlink($log);
?>
--EXPECT--
ready: 4
close codes: [1001, 1001, 1001, 1001]
stopped within max_wait_time: true
Close callbacks: 4
worker 0: stopped true, Close after WorkerStop: 0
worker 1: stopped true, Close after WorkerStop: 0
