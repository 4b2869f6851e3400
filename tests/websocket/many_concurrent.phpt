--TEST--
WebSocket: 1,000 concurrent WebSockets on one worker; a plain request handled by the other worker broadcasts to all of them through $server->connections, each client gets each broadcast exactly once and in order; websocket_num is 1000 while they are open and 0 after, cross-worker pushes are counted
--SKIPIF--
<?php
require __DIR__.'/helpers.inc';
ws_skipif_python();
// 1,000 client sockets in python and 1,000 in the server's reactor (plus a few): the soft
// limit is raised to the hard one below, so only a hard limit under that skips.
preg_match('/^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m', (string)file_get_contents('/proc/self/limits'), $m);
if (isset($m[2]) && $m[2] !== 'unlimited' && (int)$m[2] < 2200) die("skip hard limit of open files is {$m[2]}, under the 2200 the test needs (ulimit -Hn)");
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
// Worker 0 accepts WebSockets, worker 1 refuses them (503: the client tries again and round
// robin hands the next attempt to worker 0), so all 1,000 live in worker 0. Plain requests go
// the other way: only worker 1 broadcasts, so every push is a cross-worker one.
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4,
              'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Handshake', function ($req, $res) use ($server) {
    if ($server->workerId !== 0) {
        $res->status(503);
        $res->end('not this worker');
        return;
    }
    $res->upgrade();
});
$server->on('Open', function ($server, $req) { $server->push($req->fd, "open on worker {$server->workerId}"); });
$server->on('Message', function ($server, $f) {});
$server->on('Request', function ($req, $res) use ($server) {
    if ($server->workerId !== 1) {
        $res->status(421);
        $res->end('not this worker');
        return;
    }
    $uri = $req->server['request_uri'];
    if ($uri === '/stats') {
        $s = $server->stats();
        $res->end("websocket_num {$s['websocket_num']} count {$s['websocket_count']} cross {$s['websocket_push_cross_worker']} dropped {$s['websocket_push_dropped']}");
        return;
    }
    $n = $pushed = 0;
    foreach ($server->connections as $fd) {
        $n++;
        $pushed += (int)$server->push($fd, "broadcast" . $uri);
    }
    $s = $server->stats();
    $res->end("listed $n pushed $pushed websocket_num {$s['websocket_num']} cross {$s['websocket_push_cross_worker']}");
});
$server->start();
PHP);

// Raise this process's soft limit (the server's reactor inherited it) when it is low.
preg_match('/^Max open files\s+(\d+|unlimited)\s+(\d+|unlimited)/m', file_get_contents('/proc/self/limits'), $m);
if ($m[1] !== 'unlimited' && (int)$m[1] < 2200) {
    foreach (trident_process_tree($srv->pid()) as $pid) trident_run(['prlimit', "--pid=$pid", "--nofile={$m[2]}:{$m[2]}"], null, 5);
}

echo ws_python($srv->port, <<<'PY'
import resource, urllib.request
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard == resource.RLIM_INFINITY or soft < hard:
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
loop = asyncio.get_running_loop()
def get(path):
    # The other worker answers 421: ask again (round robin moves on).
    for _ in range(10):
        try:
            return urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read().decode()
        except urllib.error.HTTPError as e:
            if e.code != 421:
                return f"HTTP {e.code}"
    return "no answer from worker 1"
async def aget(path):
    return await loop.run_in_executor(None, get, path)
refused = [0]
gate = asyncio.Semaphore(100)
async def open_one(i):
    async with gate:
        for _ in range(20):
            try:
                ws = await websockets.connect(f"ws://127.0.0.1:{port}/{i}", open_timeout=10, ping_interval=None)
            except websockets.InvalidStatusCode as e:
                if e.status_code != 503:
                    raise
                refused[0] += 1
                continue
            return ws, await asyncio.wait_for(ws.recv(), 10)
        raise RuntimeError("refused 20 times")
opened = await asyncio.gather(*(open_one(i) for i in range(1000)))
clients = [ws for ws, _ in opened]
greetings = [g for _, g in opened]
print("open:", len(clients), "on worker 0:", greetings.count("open on worker 0"), "refusals were 503:", refused[0] > 0)
print("stats:", await aget("/stats"))
print("first:", await aget("/one"))
print("second:", await aget("/two"))
async def drain(ws):
    got = [await asyncio.wait_for(ws.recv(), 10), await asyncio.wait_for(ws.recv(), 10)]
    try:
        extra = await asyncio.wait_for(ws.recv(), 0.05)
        got.append(extra)
    except asyncio.TimeoutError:
        pass
    return got
got = await asyncio.gather(*(drain(ws) for ws in clients))
right = sum(1 for g in got if g == ["broadcast/one", "broadcast/two"])
print("clients with exactly [one, two]:", right, "others:", [g for g in got if g != ["broadcast/one", "broadcast/two"]][:3])
await asyncio.gather(*(ws.close() for ws in clients))
print("close codes 1000:", sum(1 for ws in clients if ws.close_code == 1000))
for _ in range(50):
    s = await aget("/stats")
    if s.startswith("websocket_num 0 "):
        break
    await asyncio.sleep(0.1)
print("after close:", s)
PY, 60);
$log = $srv->stop();
echo preg_match('/Fatal|Warning|error/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
open: 1000 on worker 0: 1000 refusals were 503: True
stats: websocket_num 1000 count 1000 cross 0 dropped 0
first: listed 1000 pushed 1000 websocket_num 1000 cross 1000
second: listed 1000 pushed 1000 websocket_num 1000 cross 2000
clients with exactly [one, two]: 1000 others: []
close codes 1000: 1000
after close: websocket_num 0 count 1000 cross 2000 dropped 0
log clean
