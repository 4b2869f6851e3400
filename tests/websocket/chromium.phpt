--TEST--
WebSocket in a real browser: headless Chromium's `new WebSocket()` from a page served by the same Trident server, over HTTP/1.1 (ws://, a cleartext listener) and over HTTP/2 with TLS (wss://, RFC 8441 extended CONNECT on the page's connection): it sends a message, gets the echo, writes it into the DOM; the server saw the protocol in its Open callback
--SKIPIF--
<?php
require __DIR__ . '/helpers.inc';
trident_test_skipif(['openssl', 'timeout']);
if (!is_executable('/usr/lib/chromium/chromium') && trim((string)shell_exec('command -v chromium')) === '') die('skip chromium not installed');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$plain = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . tls_php_var('PLAIN', $plain) . <<<'PHP'
$server = new Trident\WebSocket\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->listen('127.0.0.1', $PLAIN, []);
$protocols = [];
$closes = 0;
$server->on('Open', function ($server, $req) use (&$protocols) {
    $protocols[$req->fd] = $req->server['server_protocol'];
});
$server->on('Close', function ($server, $fd) use (&$closes) { $closes++; });
$server->on('Message', function ($server, $f) use (&$protocols) {
    $server->push($f->fd, "echo '{$f->data}', server saw " . ($protocols[$f->fd] ?? 'no Open'));
});
$server->on('Request', function ($req, $res) use (&$closes) {
    if ($req->server['path_info'] === '/wait') {
        // Holds the page's load event (and so Chromium's dump of the DOM: a pending fetch stops
        // its virtual clock, a WebSocket does not) until the K-th WebSocket has closed, plus a
        // moment for the page's onclose; bounded.
        $k = (int)($req->get['k'] ?? 0);
        for ($i = 0; $i < 150 && $closes < $k; $i++) Trident\Coroutine::sleep(0.1);
        Trident\Coroutine::sleep(0.3);
        $res->header('Content-Type', 'image/gif');
        $res->end(base64_decode('R0lGODlhAQABAAAAACw='));
        return;
    }
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->end(<<<'HTML'
<!doctype html><html><body><pre id="proto"></pre><pre id="ws">WS=pending</pre>
<script>
var e = performance.getEntriesByType('navigation')[0];
document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
var out = document.getElementById('ws');
var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/socket');
var got = null;
ws.onopen = function () { ws.send('hello from ' + location.protocol); };
ws.onmessage = function (m) { got = m.data; ws.close(1000, 'done'); };
ws.onclose = function (ev) { out.textContent = 'WS=' + (got === null ? 'closed ' + ev.code + ' without a message' : got + ' | close ' + ev.code); };
var img = new Image();
img.src = '/wait' + location.search;
document.body.appendChild(img);
</script></body></html>
HTML);
});
$server->start();
PHP);
// QUIC off: the page and its WebSocket go over TCP (the HTTP/2 one: Chromium opens a
// WebSocket over HTTP/2 only on an HTTP/2 connection it has, with ENABLE_CONNECT_PROTOCOL).
putenv('CHROMIUM_H3_EXTRA=--disable-quic');
foreach (['ws:// over HTTP/1.1' => "http://127.0.0.1:$plain/?k=1", 'wss:// over HTTP/2' => "https://localhost:{$srv->port}/?k=2"] as $what => $url) {
    [$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', $url, $c['cert'], '40'], null, 60);
    echo "$what:\n";
    foreach (['PROTO=[^<]*', 'WS=[^<]*'] as $re) {
        echo "  ", preg_match("~($re)~", $dom, $m) ? $m[1] : "no match for $re (rc=$rc)\n$err", "\n";
    }
}
putenv('CHROMIUM_H3_EXTRA');
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
ws:// over HTTP/1.1:
  PROTO=http/1.1
  WS=echo 'hello from http:', server saw HTTP/1.1 | close 1000
wss:// over HTTP/2:
  PROTO=h2
  WS=echo 'hello from https:', server saw HTTP/2 | close 1000
log clean
