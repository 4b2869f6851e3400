--TEST--
WebSocket: a worker killed (SIGKILL) while it holds WebSockets: its clients get close 1011, the other worker's clients keep working (echo after the kill), the manager starts a new worker whose new WebSockets work
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4,
              'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Open', function ($server, $req) { $server->push($req->fd, (string)getmypid()); });
$server->on('Message', function ($server, $f) { $server->push($f->fd, getmypid() . " echo {$f->data}"); });
$server->on('Request', function ($req, $res) use ($server) {
    $s = $server->stats();
    $res->end("websocket_num {$s['websocket_num']} abnormal exits {$s['worker_abnormal_exit_count']}");
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
import os, signal, urllib.request
async def connect(i):
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/{i}", ping_interval=None)
    return ws, int(await asyncio.wait_for(ws.recv(), 5))
pairs = [await connect(i) for i in range(6)]
pids = sorted(set(p for _, p in pairs))
print("workers holding WebSockets:", len(pids), "each holds:", sorted(sum(1 for _, p in pairs if p == w) for w in pids))
victim, survivor = pids
os.kill(victim, signal.SIGKILL)
async def fate(ws, pid):
    if pid == victim:
        try:
            msg = await asyncio.wait_for(ws.recv(), 5)
            return f"victim's client got a message: {msg}"
        except websockets.ConnectionClosed as e:
            return f"victim's client closed: {e.rcvd.code if e.rcvd else None}"
    await asyncio.sleep(0.3)   # after the victim's clients saw their close
    await ws.send("still there?")
    return "survivor's client: " + (await asyncio.wait_for(ws.recv(), 5)).replace(str(pid), "PID")
for line in sorted(await asyncio.gather(*(fate(ws, pid) for ws, pid in pairs))):
    print(line)
# The manager restarts the dead worker; round robin reaches it within a few new WebSockets.
new = None
for attempt in range(100):
    ws, pid = await connect(100 + attempt)
    if pid not in pids:
        new = (ws, pid)
        break
    await ws.close()
    await asyncio.sleep(0.05)
if new is None:
    print("no WebSocket reached a new worker")
else:
    ws, pid = new
    await ws.send("hello new worker")
    print("new worker:", (await asyncio.wait_for(ws.recv(), 5)).replace(str(pid), "PID"))
    await ws.close()
    print("new worker's close:", ws.close_code)
for ws, pid in pairs:
    if pid == survivor:
        await ws.close()
stats = await asyncio.get_running_loop().run_in_executor(
    None, lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read().decode())
print("stats:", stats)
PY, 30);
$log = $srv->stop();
echo preg_match('/Fatal|PHP Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
workers holding WebSockets: 2 each holds: [3, 3]
survivor's client: PID echo still there?
survivor's client: PID echo still there?
survivor's client: PID echo still there?
victim's client closed: 1011
victim's client closed: 1011
victim's client closed: 1011
new worker: PID echo hello new worker
new worker's close: 1000
stats: websocket_num 0 abnormal exits 1
log clean
