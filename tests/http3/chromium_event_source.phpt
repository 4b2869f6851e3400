--TEST--
Server-Sent Events in a real browser: headless Chromium's EventSource receives an event stream from Trident over HTTP/3, and (QUIC disabled) over HTTP/2 with TLS, each event in order with its id, then the server's named "bye" event; the handler sees the protocol it was reached over
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['chromium']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/events') {
        $res->header('Content-Type', 'text/event-stream');
        $res->header('Cache-Control', 'no-cache');
        for ($i = 1; $i <= 3; $i++) {
            $res->write("id: $i\ndata: tick $i over {$req->server['server_protocol']}\n\n");
            Trident\Coroutine::sleep(0.05);
        }
        $res->end("event: bye\ndata: done\n\n");
        return;
    }
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->end(<<<'HTML'
<!doctype html><html><body><pre id="proto"></pre><pre id="events">EVENTS=pending</pre>
<script>
var e = performance.getEntriesByType('navigation')[0];
document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
var got = [];
var es = new EventSource('/events');
es.onmessage = function (m) { got.push(m.lastEventId + ':' + m.data); };
es.addEventListener('bye', function (m) {
  got.push('bye:' + m.data);
  es.close();
  document.getElementById('events').textContent = 'EVENTS=' + got.join('|');
});
es.onerror = function () { if (got.length < 4) document.getElementById('events').textContent = 'EVENTS=error after ' + got.join('|'); };
</script></body></html>
HTML);
});
$server->start();
PHP);
foreach (['h3' => '', 'h2 (QUIC disabled)' => '--disable-quic'] as $what => $extra) {
    putenv("CHROMIUM_H3_EXTRA=$extra");
    [$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/", $c['cert'], '40'], null, 60);
    echo "$what:\n";
    foreach (['PROTO=[^<]*', 'EVENTS=[^<]*'] as $re) {
        echo "  ", preg_match("~($re)~", $dom, $m) ? $m[1] : "no match for $re (rc=$rc)\n$err", "\n";
    }
}
putenv('CHROMIUM_H3_EXTRA');
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
h3:
  PROTO=h3
  EVENTS=1:tick 1 over HTTP/3|2:tick 2 over HTTP/3|3:tick 3 over HTTP/3|bye:done
h2 (QUIC disabled):
  PROTO=h2
  EVENTS=1:tick 1 over HTTP/2|2:tick 2 over HTTP/2|3:tick 3 over HTTP/2|bye:done
log clean
