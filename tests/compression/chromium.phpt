--TEST--
Compression in a real browser: headless Chromium loads a page over HTTP/3 and, with QUIC disabled, over HTTP/2 with TLS; the page fetch()es a 200 KB JSON document and an event stream; Chromium picks the coding from its own Accept-Encoding (the server prefers br), decodes it (encodedBodySize well below decodedBodySize) to the exact bytes (SHA-256 compared with the server's), and receives each event of the coded stream
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['chromium']); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$note = tempnam(sys_get_temp_dir(), 'trident_cz_chromium_');
$srv = new TridentTestServer(h3_cert_vars($c) . CZ_BODY_FN . '$NOTE = ' . var_export($note, true) . ";\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true,
              'http_compression_event_stream' => true]);
$server->on('Request', function ($req, $res) use ($NOTE) {
    switch ($req->server['request_uri']) {
    case '/data':
        $res->header('Content-Type', 'application/json');
        $res->end(cz_body(200000));
        return;
    case '/events':
        // What the browser offered for the stream (the policy then codes it with br).
        file_put_contents($NOTE, 'events offered br: ' . var_export(preg_match('/(^|[ ,])br([ ,;]|$)/', $req->header['accept-encoding'] ?? '') === 1, true) . "\n", FILE_APPEND);
        $res->header('Content-Type', 'text/event-stream');
        for ($i = 1; $i <= 3; $i++) {
            $res->write("id: $i\ndata: event $i " . str_repeat('z', 100) . "\n\n");
            usleep(100000);
        }
        $res->end("event: bye\ndata: done\n\n");
        return;
    }
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->end(<<<'HTML'
<!doctype html><html><body><pre id="proto"></pre><pre id="data">DATA=pending</pre><pre id="sse">SSE=pending</pre>
<script>
var e = performance.getEntriesByType('navigation')[0];
document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
fetch('/data').then(function (r) {
  var enc = r.headers.get('content-encoding');
  return r.arrayBuffer().then(function (buf) { return crypto.subtle.digest('SHA-256', buf).then(function (d) {
    var hex = Array.from(new Uint8Array(d)).map(function (b) { return b.toString(16).padStart(2, '0'); }).join('');
    var pe = performance.getEntriesByName(new URL('/data', location).href)[0];
    document.getElementById('data').textContent = 'DATA=' + r.status + ' encoding=' + enc + ' bytes=' + buf.byteLength +
      ' sha256=' + hex + ' coded-below-half=' + (pe && pe.encodedBodySize > 0 && pe.encodedBodySize * 2 < pe.decodedBodySize);
  }); });
}).catch(function (x) { document.getElementById('data').textContent = 'DATA=ERR ' + x; });
var got = [];
var es = new EventSource('/events');
es.onmessage = function (m) { got.push(m.lastEventId + ':' + m.data.slice(0, 7) + ':' + m.data.length); };
es.addEventListener('bye', function (m) { es.close(); document.getElementById('sse').textContent = 'SSE=' + got.join(',') + ' bye=' + m.data; });
</script></body></html>
HTML);
});
$server->start();
PHP);
$sha = hash('sha256', cz_body(200000));
foreach (['HTTP/3' => '', 'HTTP/2 (QUIC disabled)' => '--disable-quic'] as $label => $extra) {
    putenv("CHROMIUM_H3_EXTRA=$extra");
    [$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/", $c['cert'], '40'], null, 60);
    echo "$label:\n";
    foreach (['PROTO=[^<]*', 'DATA=[^<]*', 'SSE=[^<]*'] as $re) {
        echo preg_match("~($re)~", $dom, $m) ? str_replace($sha, '(the server\'s)', $m[1]) : "no match for $re (rc=$rc)\n$err", "\n";
    }
}
putenv('CHROMIUM_H3_EXTRA');
$log = $srv->stop();
echo file_get_contents($note);
unlink($note);
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
HTTP/3:
PROTO=h3
DATA=200 encoding=br bytes=200000 sha256=(the server's) coded-below-half=true
SSE=1:event 1:108,2:event 2:108,3:event 3:108 bye=done
HTTP/2 (QUIC disabled):
PROTO=h2
DATA=200 encoding=br bytes=200000 sha256=(the server's) coded-below-half=true
SSE=1:event 1:108,2:event 2:108,3:event 3:108 bye=done
events offered br: true
events offered br: true
log clean
