--TEST--
103 Early Hints in a real browser: headless Chromium, over HTTP/2 (TLS) and HTTP/3, fetches the stylesheet a 103 names while the page's final response is still being made (the handler holds it 1.5 s), and the page sees that resource as loaded by early hints; the final response keeps its own status and headers
--SKIPIF--
<?php
require __DIR__ . '/../http3/h3.inc';
h3_skipif(['timeout']);
if (!is_executable('/usr/lib/chromium/chromium') && trim((string)shell_exec('command -v chromium')) === '') die('skip chromium not installed');
?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$log = tempnam(sys_get_temp_dir(), 'trident_early_hints_chromium_');
$srv = new TridentTestServer(h3_cert_vars($c) . '$LOG = ' . var_export($log, true) . ";\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'open_http3_protocol' => true, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$pending = false;
$server->on('Request', function ($req, $res) use (&$pending, $LOG) {
    $note = fn(string $s) => file_put_contents($LOG, $s . "\n", FILE_APPEND);
    $path = $req->server['path_info'];
    if (str_starts_with($path, '/hint.css')) {
        $note("{$req->server['server_protocol']} $path requested while the page was pending: " . ($pending ? 'yes' : 'no'));
        $res->header('Content-Type', 'text/css');
        // Chromium hands an early-hints preload to the page through its HTTP cache.
        $res->header('Cache-Control', 'max-age=600');
        $res->end('#probe { color: rgb(1, 2, 3); }');
        return;
    }
    if ($path !== '/') {
        $res->status(404);
        $res->end();
        return;
    }
    $css = '/hint.css?' . $req->server['query_string'];
    $res->earlyHints(['Link' => "<$css>; rel=preload; as=style"]);
    $pending = true;
    Trident\Coroutine::sleep(1.5);
    $pending = false;
    $res->status(202);
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->header('X-Final', 'yes');
    $res->end(<<<HTML
<!doctype html><html><head><link rel="stylesheet" href="$css"></head><body><p id="probe">probe</p>
<pre id="out"></pre><script>
var nav = performance.getEntriesByType('navigation')[0];
var css = performance.getEntriesByType('resource').filter(function (r) { return r.name.indexOf('/hint.css') >= 0; })[0];
document.getElementById('out').textContent = 'PROTO=' + (nav ? nav.nextHopProtocol : 'none')
    + ' STATUS=' + (nav ? nav.responseStatus : '?')
    + ' CSS=' + (css ? css.initiatorType : 'none')
    + ' COLOR=' + getComputedStyle(document.getElementById('probe')).color;
</script></body></html>
HTML);
});
$server->start();
PHP);
foreach (['HTTP/2' => '--disable-quic', 'HTTP/3' => ''] as $what => $extra) {
    putenv("CHROMIUM_H3_EXTRA=$extra");
    $tag = $what === 'HTTP/2' ? 'h2' : 'h3';
    [$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/?$tag", $c['cert'], '40'], null, 60);
    echo "$what: ", preg_match('~(PROTO=[^<]*)~', $dom, $m) ? $m[1] : "no result (rc=$rc)\n$err", "\n";
}
putenv('CHROMIUM_H3_EXTRA');
$srvlog = $srv->stop();
echo file_get_contents($log);
@unlink($log);
echo preg_match('/Fatal|Warning/i', $srvlog) ? "log:\n$srvlog" : "log clean\n";
?>
--EXPECT--
HTTP/2: PROTO=h2 STATUS=202 CSS=early-hints COLOR=rgb(1, 2, 3)
HTTP/3: PROTO=h3 STATUS=202 CSS=early-hints COLOR=rgb(1, 2, 3)
HTTP/2 /hint.css requested while the page was pending: yes
HTTP/3 /hint.css requested while the page was pending: yes
log clean
