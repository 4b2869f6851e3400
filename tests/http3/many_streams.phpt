--TEST--
HTTP/3 load: 1,000 requests on one QUIC connection are spread over both workers and all answered; 20 concurrent connections each get their own answers; stats() counts them
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end("http3_request_count={$s['http3_request_count']} http3_connection_count={$s['http3_connection_count']}");
        return;
    }
    $res->header('X-Worker', (string)getmypid());
    $res->end("ok " . $req->server['request_uri']);
});
$server->start();
PHP);

// 1,000 requests on one connection: more than max_concurrent_streams (128) at once, so the
// client also has to wait for MAX_STREAMS credit from the server.
$r = h3_client($srv->port, ['/one'], ['-n', '1000'], 60);
$workers = [];
$bodies = 0;
foreach ($r['streams'] as $s) {
    $workers[h3_header($s, 'x-worker') ?? 'none'] = true;
    if ($s['body'] === strlen('ok /one') && $s['close'] === 256) $bodies++;
}
echo "one connection: ", count($r['streams']), " streams, ", h3_status_summary($r), ", $bodies complete bodies, ",
    count($workers), " distinct workers\n";

// 20 connections at once, 25 requests each.
$procs = [];
for ($i = 0; $i < 20; $i++) {
    $cmd = ['gtlsclient', '--no-quic-dump', '--exit-on-all-streams-close', '--timeout=30s', '-n', '25',
            '127.0.0.1', (string)$srv->port, "https://127.0.0.1:{$srv->port}/conn$i"];
    // Headers and body sizes are on stderr (the hex dump of bodies on stdout is not needed).
    $procs[$i] = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes[$i]);
}
$ok = 0;
$statuses = [];
foreach ($procs as $i => $p) {
    $out = stream_get_contents($pipes[$i][2]);
    fclose($pipes[$i][2]);
    proc_close($p);
    $streams = h3_parse($out);
    $n200 = count(array_filter($streams, fn($s) => $s['status'] === 200));
    // A body may arrive in several pieces (packets): h3_parse sums them per stream.
    $bodies = count(array_filter($streams, fn($s) => $s['body'] === strlen("ok /conn$i") && $s['close'] === 256));
    $statuses[] = $n200;
    if ($n200 === 25 && $bodies === 25) $ok++;
}
echo "20 connections: $ok answered completely (200 counts: ", implode(',', array_unique($statuses)), ")\n";
$r = h3_client($srv->port, ['/stats'], ['--download=' . ($dl = tls_temp_dir())]);
echo file_get_contents("$dl/stats"), "\n";
$log = $srv->stop();
echo preg_match('/Fatal|Warning|error/i', $log) ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
one connection: 1000 streams, 200 x1000, 1000 complete bodies, 2 distinct workers
20 connections: 20 answered completely (200 counts: 25)
http3_request_count=1501 http3_connection_count=22
log clean
