--TEST--
Server-Sent Events pushed from another worker to a real browser: headless Chromium's EventSource opens an event stream that one worker detach()es; the page then asks the server to push, a request the other worker serves (pids differ) writes the events through Response::create($server, $id) and ends the stream with a named "bye" event; the browser receives each event in order with its id, over HTTP/3 and (QUIC disabled) HTTP/2 with TLS
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['chromium']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'dispatch_mode' => 1, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$file = sys_get_temp_dir() . "/trident_sse_chromium_$PORT";
$server->on('Request', function ($req, $res) use ($server, $file) {
    $uri = $req->server['request_uri'];
    if ($uri === '/events') {
        $res->header('Content-Type', 'text/event-stream');
        $res->header('Cache-Control', 'no-cache');
        $res->write(": detaching\n\n");  // a comment: the head goes out, the browser sees no event
        $id = $res->detach();
        file_put_contents($file . '.tmp', "$id " . getmypid());
        rename($file . '.tmp', $file);
        // Only now may the page ask for the push: the open event goes out once the id is known.
        Trident\Http\Response::create($server, $id)->write("event: hello\ndata: {$req->server['server_protocol']}\n\n");
        return;
    }
    if ($uri === '/push') {
        [$id, $pid] = explode(' ', (string)@file_get_contents($file)) + [1 => 0];
        if ((int)$pid === getmypid() || !($r = Trident\Http\Response::create($server, (int)$id))) {
            $res->end('not here');
            return;
        }
        for ($i = 1; $i <= 3; $i++) $r->write("id: $i\ndata: pushed $i from another worker\n\n");
        $r->end("event: bye\ndata: done\n\n");
        $res->end('pushed');
        return;
    }
    if ($uri === '/favicon.ico') { $res->status(404); $res->end(); return; }
    $res->header('Content-Type', 'text/html; charset=utf-8');
    $res->end(<<<'HTML'
<!doctype html><html><body><pre id="proto"></pre><pre id="events">EVENTS=pending</pre>
<script>
var e = performance.getEntriesByType('navigation')[0];
document.getElementById('proto').textContent = 'PROTO=' + (e ? e.nextHopProtocol : 'none');
var got = [];
var es = new EventSource('/events');
function push(tries) {
  fetch('/push').then(function (r) { return r.text(); }).then(function (t) {
    if (t !== 'pushed' && tries > 1) push(tries - 1);
    else if (t !== 'pushed') document.getElementById('events').textContent = 'EVENTS=no other worker pushed';
  });
}
es.addEventListener("hello", function (m) { got.push("hello:" + m.data); push(4); });
es.onmessage = function (m) { got.push(m.lastEventId + ':' + m.data); };
es.addEventListener('bye', function (m) {
  got.push('bye:' + m.data);
  es.close();
  document.getElementById('events').textContent = 'EVENTS=' + got.join('|');
});
es.onerror = function () { if (got.length < 5) document.getElementById('events').textContent = 'EVENTS=error after ' + got.join('|'); };
</script></body></html>
HTML);
});
$server->start();
PHP);
foreach (['h3' => '', 'h2 (QUIC disabled)' => '--disable-quic'] as $what => $extra) {
    @unlink(sys_get_temp_dir() . "/trident_sse_chromium_{$srv->port}");
    putenv("CHROMIUM_H3_EXTRA=$extra");
    [$rc, $dom, $err] = trident_run(['bash', __DIR__ . '/../support/chromium_h3.sh', "https://localhost:{$srv->port}/", $c['cert'], '40'], null, 60);
    echo "$what:\n";
    foreach (['PROTO=[^<]*', 'EVENTS=[^<]*'] as $re) {
        echo "  ", preg_match("~($re)~", $dom, $m) ? $m[1] : "no match for $re (rc=$rc)\n$err", "\n";
    }
}
putenv('CHROMIUM_H3_EXTRA');
@unlink(sys_get_temp_dir() . "/trident_sse_chromium_{$srv->port}");
$log = $srv->stop();
echo preg_match('/Fatal|Warning/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
h3:
  PROTO=h3
  EVENTS=hello:HTTP/3|1:pushed 1 from another worker|2:pushed 2 from another worker|3:pushed 3 from another worker|bye:done
h2 (QUIC disabled):
  PROTO=h2
  EVENTS=hello:HTTP/2|1:pushed 1 from another worker|2:pushed 2 from another worker|3:pushed 3 from another worker|bye:done
log clean
