--TEST--
HTTP/3 connection migration with two reactors: the client moves to a new local port (active migration with path validation, and a NAT rebinding before the requests go out); every response arrives complete on the new path, the handler sees the request's real source port, and datagrams landing on the other reactor's socket are forwarded to the connection's owner
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
    $path = $req->server['path_info'];
    if ($path === '/stats') { $res->end(json_encode($server->stats())); return; }
    if ($path === '/drip') {
        // A response that is still streaming while the client moves: 10 parts over 1.5 s.
        for ($i = 0; $i < 10; $i++) {
            $res->write("part $i from port {$req->server['remote_port']}\n");
            Trident\Coroutine::sleep(0.15);
        }
        $res->end();
        return;
    }
    $res->end("$path from port {$req->server['remote_port']}\n");
});
$server->start();
PHP);

function forwarded(int $port): ?int {
    $dl = tls_temp_dir();
    h3_client($port, ['/stats'], ["--download=$dl"], 10);
    $s = json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
    return $s['quic_forwarded_count'] ?? null;
}

/**
 * Runs $n gtlsclient processes at once (each its own connection and source ports), each
 * fetching /now and /drip into its own directory. Returns a list of [log, download dir].
 */
function parallel_clients(int $port, int $n, array $opts): array {
    $runs = [];
    foreach (range(1, $n) as $i) {
        $dl = tls_temp_dir();
        $out = "$dl.log";
        register_shutdown_function(static fn() => @unlink($out));
        $argv = array_merge(['gtlsclient', '--no-quic-dump', '--exit-on-all-streams-close', '--timeout=10s'],
            $opts, ["--download=$dl", '127.0.0.1', (string)$port, "https://127.0.0.1:$port/now", "https://127.0.0.1:$port/drip"]);
        $p = proc_open($argv, [0 => ['file', '/dev/null', 'r'], 1 => ['file', $out, 'w'], 2 => ['file', $out, 'a']], $pipes);
        $runs[] = [$p, $out, $dl];
    }
    $res = [];
    $deadline = microtime(true) + 15;
    foreach ($runs as [$p, $out, $dl]) {
        while (proc_get_status($p)['running'] && microtime(true) < $deadline) usleep(20000);
        if (proc_get_status($p)['running']) proc_terminate($p, 9);
        proc_close($p);
        $res[] = [(string)file_get_contents($out), $dl];
    }
    return $res;
}

/** Statuses and close codes per stream from a gtlsclient log (as h3_client() parses them). */
function streams_of(string $log): array {
    $st = [];
    preg_match_all('/^http: stream 0x([0-9a-f]+) \[:status: (\d+)\]$/m', $log, $m, PREG_SET_ORDER);
    foreach ($m as [, $id, $status]) $st[hexdec($id)]['status'] = (int)$status;
    preg_match_all('/^HTTP stream (\d+) closed with error code (\d+)$/m', $log, $m, PREG_SET_ORDER);
    foreach ($m as [, $id, $code]) $st[(int)$id]['close'] = (int)$code;
    ksort($st);
    return $st;
}

$modes = [
    // The client validates the new path itself 500 ms after the handshake; /now is answered
    // before the move, /drip (its first part right away, the last 1.5 s later) streams across it.
    'active migration' => ['--change-local-addr=500ms'],
    // The client's address changes under it (no path validation by the client); the requests
    // leave from the new port 300 ms after the handshake, the server must validate the path.
    'NAT rebinding' => ['--change-local-addr=100ms', '--nat-rebinding', '--delay-stream=300ms'],
];
foreach ($modes as $mode => $opts) {
    echo "=== $mode\n";
    $before = forwarded($srv->port);
    $exposed = $before !== null;
    // A new source port lands on the other reactor's socket about every other time: batches of
    // 4 connections at once; with the counter exposed, until forwarding was seen (at most 4
    // batches: a 2^-16 chance of never landing there), otherwise 2 batches.
    $batches = 0;
    $results = [];
    unset($shown);
    do {
        $batches++;
        foreach (parallel_clients($srv->port, 4, $opts) as [$log, $dl]) {
            preg_match_all('/^Sent packet: local=\[127\.0\.0\.1\]:(\d+) /m', $log, $m);
            $ports = array_values(array_unique($m[1]));
            $old = (int)($ports[0] ?? 0);
            $new = (int)($ports[1] ?? 0);
            $streams = streams_of($log);
            // Requests sent before the move come from the old port, those sent after from the new one.
            $from = $mode === 'active migration' ? $old : $new;
            $now_body = (string)@file_get_contents("$dl/now");
            $drip_body = (string)@file_get_contents("$dl/drip");
            $drip = '';
            for ($i = 0; $i < 10; $i++) $drip .= "part $i from port P\n";
            $bodies_ok = preg_replace('/port \d+/', 'port P', $now_body) === "/now from port P\n"
                && preg_replace('/port \d+/', 'port P', $drip_body) === $drip;
            preg_match_all('/port (\d+)/', $now_body . $drip_body, $seen);
            $seen = array_values(array_unique(array_map('intval', $seen[1])));
            $port_ok = $seen === [$from];
            $pos_moved = $mode === 'active migration'
                ? strpos($log, "Path validation against path {local:[127.0.0.1]:$new,")
                : strpos($log, "Sent packet: local=[127.0.0.1]:$new ");
            $first_part = strpos($log, 'http: stream 0x4 body ');
            $end = strpos($log, 'HTTP stream 4 closed');
            $results[] = [
                'two local ports' => count($ports) === 2,
                'statuses' => json_encode(array_column($streams, 'status')),
                'close codes' => json_encode(array_column($streams, 'close')),
                // Active: /drip started before the move and ended after it. NAT: all of it after.
                '/drip relative to the move' => $pos_moved === false || $first_part === false || $end === false ? 'not seen'
                    : ($first_part < $pos_moved ? 'before' : 'after') . ' -> ' . ($end < $pos_moved ? 'before' : 'after'),
                'bodies complete' => $bodies_ok,
                "handler's remote_port is the port the requests came from" => $port_ok,
            ];
            if (!$port_ok && !isset($shown)) {
                $shown = true;
                echo "(client ports $old -> $new, requests sent from $from, the handler saw remote_port ", implode(',', $seen), ")\n";
            }
        }
        $fwd = $exposed ? forwarded($srv->port) - $before : null;
    } while ($exposed ? ($fwd === 0 && $batches < 4) : $batches < 2);
    $summary = [];
    foreach ($results as $res) foreach ($res as $k => $v) $summary[$k][is_bool($v) ? var_export($v, true) : $v] = true;
    foreach ($summary as $k => $vals) echo "$k: ", implode(' | ', array_keys($vals)), "\n";
    echo "datagrams forwarded to the owning reactor: ", $exposed ? ($fwd > 0 ? 'yes' : "no (in " . count($results) . " connections)") : 'not exposed', "\n";
}
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
=== active migration
two local ports: true
statuses: [200,200]
close codes: [256,256]
/drip relative to the move: before -> after
bodies complete: true
handler's remote_port is the port the requests came from: true
datagrams forwarded to the owning reactor: yes
=== NAT rebinding
two local ports: true
statuses: [200,200]
close codes: [256,256]
/drip relative to the move: after -> after
bodies complete: true
handler's remote_port is the port the requests came from: true
datagrams forwarded to the owning reactor: yes
log: ""
