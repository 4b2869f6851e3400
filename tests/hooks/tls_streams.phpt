--TEST--
Hooks: TLS streams in Coroutine\run() with HOOK_SSL|HOOK_TLS|HOOK_TCP|HOOK_SLEEP: an ssl:// server and 10 verified tls:// clients overlap their handshakes and 0.2 s waits while a ticker ticks; STARTTLS (stream_socket_enable_crypto) on tcp:// both ends; ALPN, capture_peer_cert and peer verification failures exactly as without hooks; a read timeout on a silent TLS peer sets timed_out after its time; two coroutines reading one TLS stream get the exception naming both
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

$certs = tls_certs();
$other = tls_make_cert($certs['dir'], 'other.test');  // a CA that did not sign the server's certificate
$server_ctx = ['ssl' => ['local_cert' => $certs['cert'], 'local_pk' => $certs['key'], 'alpn_protocols' => 'x-echo,http/1.1']];
$client_ctx = ['ssl' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost', 'verify_peer' => true]];

/** A TLS echo server in the current coroutine scheduler; answers each line after $delay s. */
function echo_server(array $ctx, int $clients, float $delay, string $scheme = 'ssl'): string {
    $srv = stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
                                stream_context_create($ctx));
    $addr = stream_socket_get_name($srv, false);
    go(function () use ($srv, $clients, $delay) {
        for ($i = 0; $i < $clients; $i++) {
            $c = @stream_socket_accept($srv, 5);
            if (!$c) continue;  // a client that refused our certificate
            go(function () use ($c, $delay) {
                while (($line = fgets($c)) !== false) {
                    if ($delay > 0) usleep((int)($delay * 1e6));
                    fwrite($c, 'echo ' . $line);
                }
                fclose($c);
            });
        }
        fclose($srv);
    });
    return $addr;
}

/** Client failure, as PHP reports it: [result, warnings]. */
function failing_client(string $addr, array $ctx): array {
    $warnings = [];
    // Only this client's warnings: the server coroutine's accept runs meanwhile, under its @.
    set_error_handler(function ($no, $msg) use (&$warnings) {
        if (error_reporting() & $no) $warnings[] = $msg;
        return true;
    });
    $s = stream_socket_client("tls://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($ctx));
    restore_error_handler();
    return [$s === false ? 'false' : 'stream', $warnings];
}

// The reference, without hooks and outside any coroutine: a wrong CA and a wrong peer name.
$ref = [];
$pid = pcntl_fork();
if ($pid === 0) {
    // A plain blocking TLS server in a child: two clients that fail verification.
    $srv = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create($server_ctx));
    file_put_contents($certs['dir'] . '/ref-addr', stream_socket_get_name($srv, false));
    for ($i = 0; $i < 2; $i++) { $c = @stream_socket_accept($srv, 10); if ($c) fclose($c); }
    exit(0);
}
for ($i = 0; $i < 200 && !is_file($certs['dir'] . '/ref-addr'); $i++) usleep(10000);
usleep(20000);
$ref_addr = file_get_contents($certs['dir'] . '/ref-addr');
$ref['wrong CA'] = failing_client($ref_addr, ['ssl' => ['cafile' => $other[0], 'peer_name' => 'localhost']]);
$ref['wrong name'] = failing_client($ref_addr, ['ssl' => ['cafile' => $certs['cert'], 'peer_name' => 'other.test']]);
pcntl_waitpid($pid, $status);
$ref['unknown name'] = failing_client('no-such-host.invalid:443', ['ssl' => ['cafile' => $certs['cert']]]);

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_SSL | Trident\Runtime::HOOK_TLS | Trident\Runtime::HOOK_TCP | Trident\Runtime::HOOK_SLEEP);

// 1. 10 verified clients at once against a server answering after 0.2 s; a ticker meanwhile.
$t0 = microtime(true);
run(function () use ($server_ctx, $client_ctx) {
    $addr = echo_server($server_ctx, 10, 0.2);
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { for ($k = 0; $k < 1500 && !$done; $k++) { usleep(20000); $ticks++; } });  // bounded: 30 s at most
    $wg = new Trident\Coroutine\WaitGroup();
    $answers = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($addr, $client_ctx, $i, &$answers, $wg) {
            $s = stream_socket_client("tls://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($client_ctx));
            fwrite($s, "hello $i " . str_repeat('x', 20000) . "\n");
            $answers[$i] = fgets($s);
            fclose($s);
            $wg->done();
        });
    }
    $wg->wait();
    $done = true;
    ksort($answers);
    $ok = 0;
    foreach ($answers as $i => $a) $ok += $a === "echo hello $i " . str_repeat('x', 20000) . "\n";
    echo "1. answers exact: $ok/10, ticker ticked: ", var_export($ticks >= 5, true), "\n";
});
$wall = microtime(true) - $t0;
echo "1. overlapped (< 1.2 s, serial 2 s): ", var_export($wall < 1.2, true), "\n";

// 2. ALPN, capture_peer_cert, meta data: what PHP gives.
run(function () use ($server_ctx, $client_ctx) {
    $addr = echo_server($server_ctx, 1, 0);
    $ctx = $client_ctx;
    $ctx['ssl']['alpn_protocols'] = 'x-echo';
    $ctx['ssl']['capture_peer_cert'] = true;
    $context = stream_context_create($ctx);
    $s = stream_socket_client("ssl://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $context);
    $meta = stream_get_meta_data($s);
    $cert = openssl_x509_parse(stream_context_get_options($context)['ssl']['peer_certificate']);
    echo "2. type={$meta['stream_type']} alpn={$meta['crypto']['alpn_protocol']} peer CN={$cert['subject']['CN']}\n";
    fwrite($s, "ping\n");
    echo "2. ", fgets($s);
    fclose($s);
});

// 3. Verification failures: the same result and warnings as without hooks.
run(function () use ($server_ctx, $certs, $other, $ref) {
    $addr = echo_server($server_ctx, 2, 0);
    $got['wrong CA'] = failing_client($addr, ['ssl' => ['cafile' => $other[0], 'peer_name' => 'localhost']]);
    $got['wrong name'] = failing_client($addr, ['ssl' => ['cafile' => $certs['cert'], 'peer_name' => 'other.test']]);
    foreach ($got as $case => $r) {
        $r[1] = str_replace($addr, 'ADDR', $r[1]);
        echo "3. $case: {$r[0]}, same as without hooks: ",
            var_export(json_encode($r[1]) === json_encode(preg_replace('/\d+\.\d+\.\d+\.\d+:\d+/', 'ADDR', $ref[$case][1])), true), "\n";
        echo "   ", implode("\n   ", $r[1]), "\n";
    }
});

// 4. STARTTLS: plain tcp:// first, then stream_socket_enable_crypto() on both ends.
run(function () use ($server_ctx, $client_ctx) {
    $srv = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create($server_ctx));
    $addr = stream_socket_get_name($srv, false);
    $log = [];
    $wg = new Trident\Coroutine\WaitGroup();
    $wg->add();
    go(function () use ($srv, &$log, $wg) {
        $c = stream_socket_accept($srv, 5);
        $log[] = 'server got: ' . fgets($c);
        fwrite($c, "GO AHEAD\n");
        $log[] = 'server crypto: ' . var_export(stream_socket_enable_crypto($c, true, STREAM_CRYPTO_METHOD_TLS_SERVER), true) . "\n";
        usleep(100000);
        fwrite($c, 'secret ' . fgets($c));
        fclose($c);
        $wg->done();
    });
    $s = stream_socket_client("tcp://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($client_ctx));
    fwrite($s, "STARTTLS\n");
    $first = fgets($s);
    $crypto = stream_socket_enable_crypto($s, true, STREAM_CRYPTO_METHOD_TLS_CLIENT);
    $protocol = stream_get_meta_data($s)['crypto']['protocol'];
    fwrite($s, "over tls\n");
    $second = fgets($s);
    fclose($s);
    $wg->wait();
    echo '4. ', implode('4. ', $log);
    echo "4. client got: {$first}4. client crypto: ", var_export($crypto, true), ", protocol: $protocol\n4. client got: $second";
});

// 5. A silent TLS peer: a 0.3 s read timeout sets timed_out; others run meanwhile.
run(function () use ($server_ctx, $client_ctx) {
    $addr = echo_server($server_ctx, 1, 5.0);  // answers after 5 s: too late
    $ticks = 0;
    $done = false;
    go(function () use (&$ticks, &$done) { for ($k = 0; $k < 1500 && !$done; $k++) { usleep(20000); $ticks++; } });  // bounded: 30 s at most
    $s = stream_socket_client("tls://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($client_ctx));
    stream_set_timeout($s, 0, 300000);
    fwrite($s, "anyone?\n");
    $t = microtime(true);
    $r = fgets($s);
    $took = microtime(true) - $t;
    $done = true;
    echo "5. read: ", var_export($r, true), ", timed_out: ", var_export(stream_get_meta_data($s)['timed_out'], true),
        ", after 0.3 s: ", var_export($took >= 0.29 && $took < 1.5, true), ", ticker ticked: ", var_export($ticks >= 5, true), "\n";
    fclose($s);
});

// 6. Two coroutines reading one TLS stream at once.
run(function () use ($server_ctx, $client_ctx) {
    $addr = echo_server($server_ctx, 1, 0.2);
    $s = stream_socket_client("tls://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($client_ctx));
    fwrite($s, "one\n");
    go(function () use ($s) { $line = fgets($s); echo "6. first reader: $line"; });
    try {
        fgets($s);
        echo "6. second reader read\n";
    } catch (Trident\Coroutine\Exception $e) {
        echo "6. ", preg_replace('/#\d+/', '#N', $e->getMessage()), "\n";
    }
    usleep(400000);
    fclose($s);
});

// 7. By name: resolved on the resolver pool; the certificate is checked against the URL's name
// (not the address connected to); an unknown name fails as without hooks.
run(function () use ($server_ctx, $certs, $ref) {
    $addr = echo_server($server_ctx, 1, 0);
    $port = substr(strrchr($addr, ':'), 1);
    $s = stream_socket_client("tls://localhost:$port", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
                              stream_context_create(['ssl' => ['cafile' => $certs['cert']]]));
    fwrite($s, "by name\n");
    echo "7. ", fgets($s);
    fclose($s);
    $got = failing_client('no-such-host.invalid:443', ['ssl' => ['cafile' => $certs['cert']]]);
    echo "7. unknown name: {$got[0]}, same as without hooks: ", var_export($got === $ref['unknown name'], true), "\n";
});

// 8. The versioned transports: tlsv1.2:// and tlsv1.3:// negotiate exactly that version.
run(function () use ($server_ctx, $client_ctx) {
    $addr = echo_server($server_ctx, 2, 0);
    foreach (['tlsv1.2', 'tlsv1.3'] as $scheme) {
        $s = stream_socket_client("$scheme://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, stream_context_create($client_ctx));
        fwrite($s, "$scheme\n");
        $line = fgets($s);
        echo "8. $scheme: ", stream_get_meta_data($s)['crypto']['protocol'], ' ', $line;
        fclose($s);
    }
});
?>
--EXPECTF--
1. answers exact: 10/10, ticker ticked: true
1. overlapped (< 1.2 s, serial 2 s): true
2. type=tcp_socket/ssl alpn=x-echo peer CN=localhost
2. echo ping
3. wrong CA: false, same as without hooks: true
   stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:
error:0A000086:SSL routines::certificate verify failed
   stream_socket_client(): Failed to enable crypto
   stream_socket_client(): Unable to connect to tls://ADDR (Unknown error)
3. wrong name: false, same as without hooks: true
   stream_socket_client(): Peer certificate subjectAltName did not match expected name `other.test'
   stream_socket_client(): Failed to enable crypto
   stream_socket_client(): Unable to connect to tls://ADDR (Unknown error)
4. server got: STARTTLS
4. server crypto: true
4. client got: GO AHEAD
4. client crypto: true, protocol: TLSv1.3
4. client got: secret over tls
5. read: false, timed_out: true, after 0.3 s: true, ticker ticked: true
6. Socket #N is already being read by coroutine #N; coroutine #N cannot read it at the same time
6. first reader: echo one
7. echo by name
7. unknown name: false, same as without hooks: true
8. tlsv1.2: TLSv1.2 echo tlsv1.2
8. tlsv1.3: TLSv1.3 echo tlsv1.3
