--TEST--
HTTP/2 streaming: write() several times then end() gives the exact body, sent as it is written (first DATA long before the last), large writes under flow control
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl','nghttp','h2load']); ?>
--FILE--
<?php
require __DIR__ . '/h2raw.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'text/plain');
    switch ($req->server['request_uri']) {
        case '/slow-parts':
            $r = [$res->write("part1;")];
            usleep(1000000);
            $r[] = $res->write("part2;");
            $r[] = $res->write("");
            usleep(100000);
            $r[] = $res->write("part3;");
            $r[] = $res->end("end");
            $r[] = $res->isWritable();
            file_put_contents($req->get['rec'], json_encode($r));
            return;
        case '/big-parts':
            // 40 x 64 KiB: more than the client's 64 KiB stream window.
            for ($i = 0; $i < 40; $i++) $res->write(str_repeat(chr(65 + $i % 26), 65536));
            $res->end('!');
            return;
    }
});
$server->start();
PHP);
$rec = tempnam(sys_get_temp_dir(), 'h2rec');

[$st, $body] = h2_curl_get($srv->url('/slow-parts?rec=' . urlencode($rec)));
echo "curl: $st $body\n";
// The handler records after end(), so possibly after curl has the whole response: wait for it.
$deadline = microtime(true) + 5;
while (($got = (string)@file_get_contents($rec)) === '' && microtime(true) < $deadline) usleep(10000);
echo "write()/end()/isWritable() returned: ", $got, "\n";

// Raw client: the first DATA frame comes long before the end of the stream.
$c = new H2Raw($srv->port);
$c->handshake();
$c->request(1, '/slow-parts?rec=' . urlencode($rec));
$t0 = microtime(true);
$first = $last = null;
$headersFlags = null;
$data = [];
$hdr = [];
while (($f = $c->pump(5)) !== null) {
    if ($f[2] !== 1) continue;
    if ($f[0] === H2_HEADERS) { $headersFlags = $f[1]; $hdr = h2_hpack_decode($f[3]); }
    if ($f[0] === H2_DATA) {
        $first ??= microtime(true) - $t0;
        if ($f[3] !== '') $data[] = $f[3];
    }
    if ($f[1] & H2_END_STREAM) { $last = microtime(true) - $t0; break; }
}
echo "HEADERS without END_STREAM: ", var_export($headersFlags !== null && !($headersFlags & H2_END_STREAM), true), "\n";
echo "no content-length on a streamed response: ", var_export(!in_array('content-length', array_column($hdr, 0), true), true), "\n";
// part1 is alone in its frame (1 s before part2); later parts may share frames.
echo "first DATA payload: ", json_encode($data[0] ?? null), "\n";
echo "all DATA: ", json_encode(implode('', $data)), "\n";
// Sent as written: part1 leaves about 1.1 s before the end (buffered, both would come together).
echo "first DATA >= 0.6 s before the end: ", var_export($first !== null && $last !== null && $last - $first >= 0.6, true), "\n";
$c->close();
@unlink($rec);

// 2.5 MiB in 64 KiB writes: exact, through curl and through nghttp.
$want = '';
for ($i = 0; $i < 40; $i++) $want .= str_repeat(chr(65 + $i % 26), 65536);
$want .= '!';
[$rc, $out] = trident_curl(['--http2-prior-knowledge', '-o', '-', $srv->url('/big-parts')]);
echo "curl big: exit $rc, ", strlen($out), " bytes, exact: ", var_export($out === $want, true), "\n";
[$rc, $out] = trident_run(['nghttp', '-t', '10', $srv->url('/big-parts')], null, 15);
echo "nghttp big: exit $rc, ", strlen($out), " bytes, exact: ", var_export($out === $want, true), "\n";
$srv->stop();
?>
--EXPECT--
curl: 200 part1;part2;part3;end
write()/end()/isWritable() returned: [true,true,true,true,true,false]
HEADERS without END_STREAM: true
no content-length on a streamed response: true
first DATA payload: "part1;"
all DATA: "part1;part2;part3;end"
first DATA >= 0.6 s before the end: true
curl big: exit 0, 2621441 bytes, exact: true
nghttp big: exit 0, 2621441 bytes, exact: true
