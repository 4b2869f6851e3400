--TEST--
Coroutine server: the client goes away while the handler sleeps (HTTP/1.1 socket closed, HTTP/2 RST_STREAM, HTTP/2 connection closed): after the sleep isWritable() is false and end()/write() return false; the server keeps serving
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/cs.inc';
require __DIR__ . '/../http2/h2raw.inc';

$rec = lc_tempfile('codisc');
$srv = new TridentTestServer(lc_define('REC', $rec) . <<<'PHP'
function rec(string $l): void { file_put_contents($GLOBALS['REC'], "$l\n", FILE_APPEND | LOCK_EX); }
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    $tag = $req->get['tag'] ?? '';
    switch ($req->server['path_info']) {
        case '/sleep-end':
            rec("$tag started writable=" . var_export($res->isWritable(), true));
            Trident\Coroutine::sleep(1.0);   // time for the reactor to see the client go
            $w = $res->isWritable();
            $e = $res->end('too late');
            rec("$tag after isWritable=" . var_export($w, true) . ' end=' . var_export($e, true));
            return;
        case '/sleep-write':
            rec("$tag started writable=" . var_export($res->isWritable(), true));
            Trident\Coroutine::sleep(1.0);   // time for the reactor to see the client go
            $w = $res->isWritable();
            $wr = $res->write('too late');
            $e = $res->end();
            rec("$tag after isWritable=" . var_export($w, true) . ' write=' . var_export($wr, true) . ' end=' . var_export($e, true));
            return;
        case '/stats':
            $s = $server->stats();
            $res->end(json_encode(['client_abort_count' => $s['client_abort_count'], 'worker_abnormal_exit_count' => $s['worker_abnormal_exit_count']]));
            return;
        default:
            $res->end('ok');
    }
});
$server->start();
PHP);

function show(string $file, string $tag): void {
    echo cs_wait_line($file, "$tag after") ?? "$tag: the handler did not finish", "\n";
}

// HTTP/1.1: send, wait until the handler sleeps, close the socket.
foreach (['h1-end' => '/sleep-end', 'h1-write' => '/sleep-write'] as $tag => $path) {
    $c = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
    fwrite($c, "GET $path?tag=$tag HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    echo cs_wait_line($rec, "$tag started") ?? "$tag: the handler did not start", "\n";
    fclose($c);
    show($rec, $tag);
}

// HTTP/2: RST_STREAM(CANCEL) on one stream while another stream of the connection sleeps on.
$c = new H2Raw($srv->port);
$c->handshake();
$c->request(1, '/sleep-end?tag=h2-rst');
$c->request(3, '/sleep-end?tag=h2-kept');
echo cs_wait_line($rec, 'h2-rst started') ?? 'h2-rst: the handler did not start', "\n";
echo cs_wait_line($rec, 'h2-kept started') ?? 'h2-kept: the handler did not start', "\n";
$c->send(h2_rst_frame(1, H2_CANCEL));
show($rec, 'h2-rst');
show($rec, 'h2-kept');
[$st, , $body, $how] = $c->response(3);
echo "stream 3 on the same connection: $st $body $how\n";
$c->close();

// HTTP/2: the whole connection closed while two streams sleep.
$c = new H2Raw($srv->port);
$c->handshake();
$c->request(1, '/sleep-end?tag=h2-close-a');
$c->request(3, '/sleep-write?tag=h2-close-b');
echo cs_wait_line($rec, 'h2-close-a started') ?? 'h2-close-a: the handler did not start', "\n";
echo cs_wait_line($rec, 'h2-close-b started') ?? 'h2-close-b: the handler did not start', "\n";
$c->close();
show($rec, 'h2-close-a');
show($rec, 'h2-close-b');

[$st, $body] = lc_get($srv->url('/ok'));
echo "HTTP/1.1 afterwards: $st $body\n";
[$st, $body] = h2_curl_get($srv->url('/ok'));
echo "HTTP/2 afterwards: $st $body\n";
[$st, $body] = lc_get($srv->url('/stats'));
$s = json_decode($body, true);
echo "client_abort_count >= 5: ", var_export(($s['client_abort_count'] ?? 0) >= 5, true), " ({$s['client_abort_count']}), worker_abnormal_exit_count: {$s['worker_abnormal_exit_count']}\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECT--
h1-end started writable=true
h1-end after isWritable=false end=false
h1-write started writable=true
h1-write after isWritable=false write=false end=false
h2-rst started writable=true
h2-kept started writable=true
h2-rst after isWritable=false end=false
h2-kept after isWritable=true end=true
stream 3 on the same connection: 200 too late end
h2-close-a started writable=true
h2-close-b started writable=true
h2-close-a after isWritable=false end=false
h2-close-b after isWritable=false write=false end=false
HTTP/1.1 afterwards: 200 ok
HTTP/2 afterwards: 200 ok
client_abort_count >= 5: true (5), worker_abnormal_exit_count: 0
log: ""
