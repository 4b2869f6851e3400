--TEST--
WebSocket graceful stop over every protocol: at the server's shutdown WebSockets over HTTP/1.1 (TLS), HTTP/2 (RFC 8441) and HTTP/3 (RFC 9220) each get a close frame 1001, the client's answer completes the handshake, their streams end (END_STREAM, FIN, TCP close), every Close callback runs, and the server is gone well before max_wait_time
--SKIPIF--
<?php require __DIR__ . '/wsclient.inc'; wsclient_skipif(true); ?>
--FILE--
<?php
require __DIR__ . '/wsclient.inc';
$c = tls_certs();
$log = "{$c['dir']}/events.log";
$srv = new TridentTestServer(wsclient_echo_server($c, true, true, $log, ['worker_num' => 2, 'max_wait_time' => 20]));

$clients = [];
foreach (['h1-tls', 'h2', 'h3', 'h2', 'h3'] as $i => $carrier) {
    $argv = [WSCLIENT, $carrier === 'h1-tls' ? '--h1' : "--$carrier", ...($carrier === 'h1-tls' ? ['--tls'] : []),
             '--cafile', $c['cert'], '--host', '127.0.0.1', '--port', (string)$srv->port, '--timeout', '30',
             '--path', "/$i", 'send-text:hi', 'expect-echo', 'expect-close:1001'];
    $p = proc_open($argv, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $clients[] = [$carrier, $p, $pipes];
}
// Each client prints "text 2 hi" once its WebSocket is open and echoing.
$ready = 0;
foreach ($clients as [$carrier, $p, $pipes]) {
    $deadline = microtime(true) + 15;
    while (microtime(true) < $deadline && ($line = fgets($pipes[1])) !== false) {
        if (trim($line) === 'text 2 hi') { $ready++; break; }
    }
}
echo "ready: $ready\n";
$t = microtime(true);
$out = $srv->stop(30);
$took = microtime(true) - $t;
foreach ($clients as [$carrier, $p, $pipes]) {
    $rest = stream_get_contents($pipes[1]);
    $err = trim(stream_get_contents($pipes[2]));
    $rc = proc_close($p);
    echo "$carrier: ", str_replace("\n", ' | ', trim($rest)), " | exit $rc", $err === '' ? '' : " ($err)", "\n";
}
echo "stopped well before max_wait_time: ", var_export($took < 10, true), "\n";
$events = file_get_contents($log);
echo "Open events: ", substr_count($events, 'open'), ", Close events: ", substr_count($events, 'close'), "\n";
foreach (['HTTP/1.1', 'HTTP/2', 'HTTP/3'] as $proto) echo "$proto: ", substr_count($events, "open $proto "), "\n";
echo preg_match('/Fatal|Warning|Notice/', $out) ? "server log:\n$out" : "server log clean\n";
?>
--EXPECTF--
ready: 5
h1-tls: close 1001%s | end | exit 0
h2: close 1001%s | end | exit 0
h3: close 1001%s | end | exit 0
h2: close 1001%s | end | exit 0
h3: close 1001%s | end | exit 0
stopped well before max_wait_time: true
Open events: 5, Close events: 5
HTTP/1.1: 1
HTTP/2: 2
HTTP/3: 2
server log clean
