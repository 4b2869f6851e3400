--TEST--
HTTP/2 HPACK bomb: one 4 KB field put in the dynamic table and referenced 4,000 times (16 MB decoded from a 4 KB block) is answered 431 without buffering it; other streams and clients are served
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) { $res->end('ok ' . count($req->header)); });
$server->start();
PHP);

preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/' . $srv->pid() . '/status'), $m);
$before = (int)$m[1];

$c = new H2Raw($srv->port);
$c->handshake();
// Literal with incremental indexing, new name (0x40): becomes dynamic table entry 62.
$block = h2_request_block('GET', '/bomb') . "\x40" . h2_hpack_str('x-bomb') . h2_hpack_str(str_repeat('A', 4000));
$block .= str_repeat("\xBE", 4000);   // indexed field 62, 4000 times
echo "header block bytes: ", strlen($block) < 9000 ? "< 9000" : strlen($block), "\n";
$c->send(h2_headers_frame(1, $block));
[$st, , $body, $how] = $c->response(1, 5);
echo "bomb stream: $st $how\n";
// The same connection still serves a normal request (the table entry is still valid).
$c->request(3, '/after');
[$st, , $body, $how] = $c->response(3, 5);
echo "next stream: $st $body $how\n";
$c->close();

preg_match('/VmRSS:\s+(\d+)/', file_get_contents('/proc/' . $srv->pid() . '/status'), $m);
echo "reactor grew < 8 MiB: ", var_export((int)$m[1] - $before < 8192, true), "\n";
[$rc, $out] = trident_curl(['--http2-prior-knowledge', $srv->url('/fresh')]);
echo "fresh client: $out\n";
$srv->stop();
?>
--EXPECT--
header block bytes: < 9000
bomb stream: 431 end
next stream: 200 ok 1 end
reactor grew < 8 MiB: true
fresh client: ok 3
