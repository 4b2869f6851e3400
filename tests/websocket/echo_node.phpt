--TEST--
WebSocket echo with node's ws client: text, binary of 0 B to 1 MiB byte-exact, ping answered, close handshake with code and reason
--SKIPIF--
<?php require __DIR__.'/helpers.inc'; ws_skipif_node(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4]);
$server->on('Message', function ($server, Trident\WebSocket\Frame $f) {
    if ($f->data === 'close please') {
        $server->disconnect($f->fd, 4000, 'as asked');
        return;
    }
    $server->push($f->fd, $f->data, $f->opcode);
});
$server->start();
PHP);

echo ws_node($srv->port, <<<'JS'
const crypto = require('crypto');
const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
const sizes = [0, 1, 125, 126, 65535, 65536, 1 << 20];
const queue = [];
for (const n of sizes) {
  queue.push(Buffer.from(Array.from({ length: Math.min(n, 4096) }, (_, i) => 'a'.charCodeAt(0) + (i % 26)))
    .toString().repeat(Math.max(1, Math.ceil(n / 4096))).slice(0, n));
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + (i >> 8)) & 0xff;
  queue.push(b);
}
let sent;
function next() {
  if (queue.length === 0) { ws.ping('are you there'); return; }
  sent = queue.shift();
  ws.send(sent);
}
ws.on('open', next);
ws.on('message', (data, isBinary) => {
  const expectBinary = Buffer.isBuffer(sent);
  const same = expectBinary ? Buffer.compare(data, sent) === 0 : data.toString() === sent;
  console.log(isBinary ? 'binary' : 'text', data.length, isBinary === expectBinary && same);
  next();
});
ws.on('pong', (data) => { console.log('pong', data.toString()); ws.send('close please'); });
ws.on('close', (code, reason) => { console.log('closed', code, reason.toString()); process.exit(0); });
ws.on('error', (e) => { console.log('error', e.message); process.exit(1); });
JS);
$srv->stop();
?>
--EXPECT--
text 0 true
binary 0 true
text 1 true
binary 1 true
text 125 true
binary 125 true
text 126 true
binary 126 true
text 65535 true
binary 65535 true
text 65536 true
binary 65536 true
text 1048576 true
binary 1048576 true
pong are you there
closed 4000 as asked
