--TEST--
HTTP/3 with http3_retry: every new connection is answered with a Retry (server CID, client's CIDs echoed, matching transport parameters), then the GET succeeds; without http3_retry no Retry is sent
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$code = h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'http3_retry' => $RETRY,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    $res->end("retry test {$req->server['request_uri']} over {$req->server['server_protocol']}\n");
});
$server->start();
PHP;

/** What gtlsclient's log says about Retry for one connection. */
function retry_report(string $log): array {
    // The client's first Initial: "pkt tx pkn=0 dcid=0x<odcid> scid=0x<client scid> version=... type=Initial".
    preg_match('/ pkt tx pkn=0 dcid=0x([0-9a-f]+) scid=0x([0-9a-f]+) version=0x00000001 type=Initial/', $log, $first);
    preg_match_all('/ pkt rx pkn=\d+ dcid=0x([0-9a-f]+) scid=0x([0-9a-f]+) version=0x00000001 type=Retry /', $log, $retries, PREG_SET_ORDER);
    $r = ['retries' => count($retries)];
    if ($retries && $first) {
        [, $rdcid, $rscid] = $retries[0];
        [, $odcid, $cscid] = $first;
        $r['retry dcid is the client scid'] = $rdcid === $cscid;
        // Server CIDs: 18 bytes, format byte 0x01, then the reactor index (0 or 1 here).
        $r['retry scid is a server CID'] = (bool)preg_match('/^010[01][0-9a-f]{32}$/', $rscid);
        $r['second Initial goes to the retry scid'] = (bool)preg_match("/ pkt tx pkn=1 dcid=0x$rscid scid=0x$cscid version=0x00000001 type=Initial/", $log);
        $r['retry_source_connection_id matches'] = str_contains($log, "transport_parameters retry_source_connection_id=0x$rscid\n");
        $r['original_destination_connection_id matches'] = str_contains($log, "transport_parameters original_destination_connection_id=0x$odcid\n");
    } else {
        $r['retry_source_connection_id present'] = str_contains($log, 'retry_source_connection_id=');
    }
    return $r;
}

function show(array $r, string $dl): void {
    echo "handshake: ", $r['handshake'] ? 'yes' : 'no', "\n";
    foreach ($r['streams'] as $id => $s) echo "stream $id: status {$s['status']}, body {$s['body']} bytes, close {$s['close']}\n";
    foreach (retry_report($r['log']) as $k => $v) echo "$k: ", var_export($v, true), "\n";
}

function stats_over_h3(int $port): array {
    $dl = tls_temp_dir();
    h3_client($port, ['/stats'], ["--download=$dl"], 10);
    return json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
}

foreach ([true, false] as $retry) {
    echo "=== http3_retry => ", var_export($retry, true), "\n";
    $srv = new TridentTestServer(tls_php_var('RETRY', $retry) . $code);
    $dl = tls_temp_dir();
    $r = h3_client($srv->port, ['/one', '/two'], ["--download=$dl"], 10);
    show($r, $dl);
    echo "/one: ", file_get_contents("$dl/one");
    echo "/two: ", file_get_contents("$dl/two");
    // A second connection: the Retry is per connection (nothing is remembered between them).
    echo "--- second connection\n";
    $r = h3_client($srv->port, ['/three'], ["--download=$dl"], 10);
    show($r, $dl);
    echo "/three: ", file_get_contents("$dl/three");
    $s = stats_over_h3($srv->port);
    // The stats request's own connection got a Retry as well: 3 with http3_retry.
    echo "quic_retry_count: ", array_key_exists('quic_retry_count', $s) ? $s['quic_retry_count'] : 'not exposed', "\n";
    $log = $srv->stop();
    echo "log: ", json_encode(trim($log)), "\n";
}
?>
--EXPECTF--
=== http3_retry => true
handshake: yes
stream 0: status 200, body 28 bytes, close 256
stream 4: status 200, body 28 bytes, close 256
retries: 1
retry dcid is the client scid: true
retry scid is a server CID: true
second Initial goes to the retry scid: true
retry_source_connection_id matches: true
original_destination_connection_id matches: true
/one: retry test /one over HTTP/3
/two: retry test /two over HTTP/3
--- second connection
handshake: yes
stream 0: status 200, body 30 bytes, close 256
retries: 1
retry dcid is the client scid: true
retry scid is a server CID: true
second Initial goes to the retry scid: true
retry_source_connection_id matches: true
original_destination_connection_id matches: true
/three: retry test /three over HTTP/3
quic_retry_count: 3
log: ""
=== http3_retry => false
handshake: yes
stream 0: status 200, body 28 bytes, close 256
stream 4: status 200, body 28 bytes, close 256
retries: 0
retry_source_connection_id present: false
/one: retry test /one over HTTP/3
/two: retry test /two over HTTP/3
--- second connection
handshake: yes
stream 0: status 200, body 30 bytes, close 256
retries: 0
retry_source_connection_id present: false
/three: retry test /three over HTTP/3
quic_retry_count: 0
log: ""
