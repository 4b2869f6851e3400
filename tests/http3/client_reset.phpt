--TEST--
HTTP/3 stream reset by the client: Chromium aborts a streaming fetch() (RESET_STREAM / STOP_SENDING on that stream only); the handler's write() turns false and isWritable() false, the connection keeps serving other requests, stats() counts the reset
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(['chromium']); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$state = "{$c['dir']}/state.txt";
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('STATE', $state) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server, $STATE) {
    $uri = $req->server['request_uri'];
    if ($uri === '/slow') {
        $res->header('Content-Type', 'application/octet-stream');
        for ($i = 1; $i <= 200; $i++) {
            if (!$res->write(str_repeat('x', 1024))) {
                file_put_contents($STATE, "write() false after $i writes over {$req->server['server_protocol']}, isWritable() "
                    . var_export($res->isWritable(), true));
                return;
            }
            Trident\Coroutine::sleep(0.05);
        }
        file_put_contents($STATE, "never stopped");
        $res->end();
    } elseif ($uri === '/state') {
        // Waits (in its own coroutine) for the streaming handler to notice the reset.
        for ($i = 0; $i < 100 && !is_file($STATE); $i++) Trident\Coroutine::sleep(0.05);
        $s = $server->stats();
        $res->end((is_file($STATE) ? file_get_contents($STATE) : 'no state') . '; resets counted: '
            . var_export($s['http3_stream_reset_count'] >= 1, true) . '; via ' . $req->server['server_protocol']);
    } else {
        $res->header('Content-Type', 'text/html');
        $res->end(<<<'HTML'
<!doctype html><html><body><pre id="out">pending</pre><script>
var out = document.getElementById('out');
var ctl = new AbortController();
fetch('/slow', {signal: ctl.signal})
  .then(function (r) { return r.body.getReader().read(); })
  .then(function () { ctl.abort(); })
  .then(function () { return fetch('/state'); })
  .then(function (r) { return r.text(); })
  .then(function (t) { out.textContent = 'RESULT=' + t + ';'; })
  .catch(function (x) { out.textContent = 'RESULT=ERR ' + x + ';'; });
</script></body></html>
HTML);
    }
});
$server->start();
PHP);
[$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/", $c['cert'], '40'], null, 60);
echo preg_match('/RESULT=([^;<]*;[^;<]*;[^<]*);/', $dom, $m) ? $m[1] : "no result (rc=$rc):\n$dom\n$err", "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECTF--
write() false after %d writes over HTTP/3, isWritable() false; resets counted: true; via HTTP/3
log clean
