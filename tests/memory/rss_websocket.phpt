--TEST--
Memory: 10^5 WebSocket messages echoed over 4 WebSockets and 2,000 WebSocket open/close cycles leave the RSS of the master, the manager and the worker flat (a message's and a WebSocket's memory is freed when it ends)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/../websocket/helpers.inc'; ws_skipif_node(); trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
require __DIR__ . '/../websocket/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Open', function ($server, $req) { $server->push($req->fd, 'hi'); });
$server->on('Message', function ($server, $f) { $server->push($f->fd, $f->data, $f->opcode); });
$server->on('Close', function ($server, $fd) {});
$server->on('Request', function ($req, $res) use ($server) {
    $s = $server->stats();
    $res->end($req->server['request_uri'] === '/pids' ? implode(',', array_column($s['workers'], 'pid'))
        : "websocket_num {$s['websocket_num']} count {$s['websocket_count']} in {$s['websocket_message_in']} out {$s['websocket_message_out']}");
});
$server->start();
PHP);
$roles = rss_roles($srv, rss_worker_pids($srv));

// $messages echoed over 4 WebSockets (100 in flight on each; text and binary of 16 B to 5 KB,
// each checked byte for byte), then $cycles WebSockets opened (greeted) and closed, 20 at a time.
$load = fn(int $messages, int $cycles) => trim(ws_node($srv->port, <<<JS
const sizes = [16, 200, 5000, 60];
function payload(i) {
  const n = sizes[i % sizes.length];
  return i % 2 ? Buffer.alloc(n, i & 0xff) : ('m' + i + ' ').repeat(n).slice(0, n);
}
function echoes(total) {
  return new Promise((done) => {
    let sent = 0, ok = 0, bad = 0, finished = 0;
    for (let s = 0; s < 4; s++) {
      const ws = new WebSocket('ws://127.0.0.1:' + port + '/echo');
      const mine = [];
      const next = () => { if (sent < total) { const p = payload(sent++); mine.push(p); ws.send(p); } };
      ws.on('message', (data, isBinary) => {
        if (mine.length === 0 && !isBinary && data.toString() === 'hi') { for (let k = 0; k < 100; k++) next(); return; }
        const want = mine.shift();
        const same = typeof want === 'string' ? (!isBinary && data.toString() === want) : (isBinary && data.equals(want));
        same ? ok++ : bad++;
        if (ok + bad === total) { ws.close(); } else { next(); if (mine.length === 0) ws.close(); }
      });
      ws.on('close', () => { if (++finished === 4) done('echoed ' + ok + ' of ' + total + ', wrong ' + bad); });
      ws.on('error', (e) => { console.log('echo socket error: ' + e.message); });
    }
  });
}
function cycles(total) {
  return new Promise((done) => {
    let started = 0, greeted = 0, closed = 0;
    const one = () => {
      if (started >= total) return;
      started++;
      const ws = new WebSocket('ws://127.0.0.1:' + port + '/cycle');
      ws.on('message', (d) => { if (d.toString() === 'hi') greeted++; ws.close(1000); });
      ws.on('close', () => { if (++closed === total) done('cycles ' + total + ', greeted ' + greeted); else one(); });
      ws.on('error', (e) => { console.log('cycle error: ' + e.message); });
    };
    for (let k = 0; k < 20; k++) one();
  });
}
(async () => {
  const t0 = Date.now();
  console.log(await echoes($messages));
  const t1 = Date.now();
  console.log(await cycles($cycles));
  console.error('timing echoes ' + (t1 - t0) + ' ms, cycles ' + (Date.now() - t1) + ' ms');
  process.exit(0);
})();
JS, 60));
echo "warm-up: ", $load(20000, 400), "\n";
usleep(300000);
$before = rss_snapshot($srv);
$t = microtime(true);
echo "measured: ", $load(100000, 2000), "\n";
usleep(300000);
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
// Every WebSocket is gone again and each message was counted once each way.
for ($i = 0; $i < 50 && !str_starts_with($s = trident_curl([$srv->url('/stats')])[1], 'websocket_num 0 '); $i++) usleep(100000);
echo "stats: $s\n";
$srv->stop();
?>
--EXPECT--
warm-up: echoed 20000 of 20000, wrong 0
cycles 400, greeted 400
measured: echoed 100000 of 100000, wrong 0
cycles 2000, greeted 2000
manager: flat
master: flat
worker: flat
stats: websocket_num 0 count 2408 in 120000 out 122408
