--TEST--
WebSocket broadcast from another worker: a plain request iterates $server->connections and pushes to WebSockets of both workers; cross-worker pushes are counted
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_python(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4,
              'dispatch_mode' => Trident\Http\Server::DISPATCH_ROUND_ROBIN]);
$server->on('Open', function ($server, $req) {
    $server->push($req->fd, "worker {$server->workerId}");
});
$server->on('Message', function ($server, $f) {});
$server->on('Request', function ($req, $res) use ($server) {
    $n = 0;
    foreach ($server->connections as $fd) {
        $n += (int)$server->push($fd, "broadcast from worker {$server->workerId}");
    }
    $s = $server->stats();
    $res->end("pushed $n, worker {$server->workerId}, cross-worker pushes {$s['websocket_push_cross_worker']}");
});
$server->start();
PHP);

echo ws_python($srv->port, <<<'PY'
import urllib.request
clients = [await websockets.connect(f"ws://127.0.0.1:{port}/{i}") for i in range(4)]
workers = [await ws.recv() for ws in clients]
print("owners:", sorted(set(workers)), "counts:", sorted(workers.count(w) for w in set(workers)))
reply = await asyncio.get_running_loop().run_in_executor(
    None, lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/broadcast", timeout=10).read().decode())
got = [await asyncio.wait_for(ws.recv(), 5) for ws in clients]
origin = got[0].split()[-1]
print("all got it:", all(g == f"broadcast from worker {origin}" for g in got))
print("reply:", reply.replace(f"worker {origin}", "worker W"))
for ws in clients:
    await ws.close()
PY);
$srv->stop();
?>
--EXPECT--
owners: ['worker 0', 'worker 1'] counts: [2, 2]
all got it: True
reply: pushed 4, worker W, cross-worker pushes 2
