--TEST--
HTTP/3 interop with an independent QUIC stack: headless Chromium loads a page from Trident over h3 (QUIC forced for the origin, certificate trusted by its SPKI), runs its script, and a fetch() POST from the page is answered over h3 too
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['chromium']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/echo') {
        $res->header('Content-Type', 'text/plain');
        $res->end($req->server['server_protocol'] . ' ' . $req->server['request_method'] . ' ' . $req->rawContent());
        return;
    }
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->end(<<<'HTML'
<!doctype html><html><body><pre id="proto"></pre><pre id="server"></pre><pre id="post">POST=pending</pre>
<script>
var e = performance.getEntriesByType('navigation')[0];
document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
fetch('/echo', {method: 'POST', body: 'ping from chromium'})
  .then(function (r) { return r.text().then(function (t) {
    var pe = performance.getEntriesByName(new URL('/echo', location).href)[0];
    document.getElementById('post').textContent = 'POST=' + r.status + ' ' + t + ' via ' + (pe ? pe.nextHopProtocol : '?'); }); })
  .catch(function (x) { document.getElementById('post').textContent = 'POST=ERR ' + x; });
</script></body></html>
HTML);
});
$server->start();
PHP);
[$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/", $c['cert'], '40'], null, 60);
foreach (['PROTO=[^<]*', 'POST=[^<]*'] as $re) {
    echo preg_match("~($re)~", $dom, $m) ? $m[1] : "no match for $re (rc=$rc)\n$err", "\n";
}
echo preg_match('/netlog \S+ first=(\S+)/', $err, $m) ? "netlog: first request over {$m[1]}" : "no netlog summary:\n$err", "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
PROTO=h3
POST=200 HTTP/3 POST ping from chromium via h3
netlog: first request over h3
log clean
