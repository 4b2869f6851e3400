--TEST--
Hooks: the ssl context options SNI (the server picks its certificate by the name the client sends: peer_name, SNI_enabled), ciphers (the negotiated cipher, a cipher list OpenSSL refuses), allow_self_signed, verify_peer_name and verify_depth give through hooked tls:// streams in a coroutine exactly what they give without hooks, against a plain blocking TLS server in another process
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';

$certs = tls_certs();
$dir = $certs['dir'];
[$a_cert, $a_key] = tls_make_cert($dir, 'a.test');
[$b_cert, $b_key] = tls_make_cert($dir, 'b.test');

// A blocking TLS echo server without Trident: one client at a time, its certificate chosen by
// SNI (localhost's when the client sends no name or another one).
$server = <<<'PHP'
<?php
[, $cert, $key, $a_cert, $a_key, $b_cert, $b_key] = $argv;
$ctx = stream_context_create(['ssl' => ['local_cert' => $cert, 'local_pk' => $key,
    'SNI_server_certs' => ['a.test' => ['local_cert' => $a_cert, 'local_pk' => $a_key],
                           'b.test' => ['local_cert' => $b_cert, 'local_pk' => $b_key]]]]);
$srv = stream_socket_server('ssl://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
echo stream_socket_get_name($srv, false), "\n";
for (;;) {
    $c = @stream_socket_accept($srv, 30);
    if (!$c) { if (feof(STDIN)) exit(0); continue; }
    $line = fgets($c);
    if ($line !== false) fwrite($c, 'echo ' . $line);
    fclose($c);
}
PHP;
file_put_contents("$dir/server.php", $server);
$proc = proc_open([PHP_BINARY, '-n', "$dir/server.php", $certs['cert'], $certs['key'], $a_cert, $a_key, $b_cert, $b_key],
                  [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
$addr = trim(fgets($pipes[1]));

$scenarios = function () use ($addr, $certs, $a_cert, $b_cert) {
    $out = [];
    $cases = [
        'SNI a.test' => ['cafile' => $a_cert, 'peer_name' => 'a.test'],
        'SNI b.test' => ['cafile' => $b_cert, 'peer_name' => 'b.test'],
        'SNI off (default certificate)' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost', 'SNI_enabled' => false],
        'SNI b.test, a.test CA' => ['cafile' => $a_cert, 'peer_name' => 'b.test'],
        'cipher chosen' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost', 'ciphers' => 'ECDHE-RSA-AES128-GCM-SHA256',
                            'crypto_method' => STREAM_CRYPTO_METHOD_TLSv1_2_CLIENT],
        'cipher refused' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost', 'ciphers' => 'NO-SUCH-CIPHER'],
        'self-signed allowed, no CA' => ['allow_self_signed' => true, 'peer_name' => 'localhost'],
        'wrong name, name check off' => ['cafile' => $certs['cert'], 'peer_name' => 'wrong.test', 'verify_peer_name' => false],
        'wrong name' => ['cafile' => $certs['cert'], 'peer_name' => 'wrong.test'],
        'verify_depth 0' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost', 'verify_depth' => 0],
    ];
    foreach ($cases as $name => $ssl) {
        $warnings = [];
        set_error_handler(function ($no, $msg) use (&$warnings) { $warnings[] = $msg; return true; });
        $ctx = stream_context_create(['ssl' => $ssl + ['verify_peer' => true, 'capture_peer_cert' => true]]);
        $s = stream_socket_client("tls://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $ctx);
        restore_error_handler();
        if (!$s) {
            $out[$name] = ['failed', $warnings];
            continue;
        }
        $meta = stream_get_meta_data($s)['crypto'];
        $cn = openssl_x509_parse(stream_context_get_options($s)['ssl']['peer_certificate'])['subject']['CN'];
        fwrite($s, "$name\n");
        $out[$name] = [$cn, $meta['cipher_name'] ?? null, $meta['protocol'] ?? null, fgets($s), $warnings];
        fclose($s);
    }
    return $out;
};
$plain = $scenarios();
echo json_encode($plain, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);
Trident\Coroutine\run(function () use ($scenarios, $plain) {
    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.001); $ticks++; } });
    $hooked = $scenarios();
    $done = true;
    echo "hooked, in a coroutine, same: ", var_export($hooked === $plain, true), ", the ticker ran meanwhile: ", var_export($ticks > 0, true), "\n";
    if ($hooked !== $plain) echo json_encode($hooked, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
});
fclose($pipes[0]);
proc_terminate($proc);
proc_close($proc);
?>
--EXPECTF--
{
    "SNI a.test": [
        "a.test",
        "%s",
        "TLSv1.3",
        "echo SNI a.test\n",
        []
    ],
    "SNI b.test": [
        "b.test",
        "%s",
        "TLSv1.3",
        "echo SNI b.test\n",
        []
    ],
    "SNI off (default certificate)": [
        "localhost",
        "%s",
        "TLSv1.3",
        "echo SNI off (default certificate)\n",
        []
    ],
    "SNI b.test, a.test CA": [
        "failed",
        [
            "stream_socket_client(): SSL operation failed with code 1. OpenSSL Error messages:\nerror:0A000086:SSL routines::certificate verify failed",
            "stream_socket_client(): Failed to enable crypto",
            "stream_socket_client(): Unable to connect to tls://%s (Unknown error)"
        ]
    ],
    "cipher chosen": [
        "localhost",
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLSv1.2",
        "echo cipher chosen\n",
        []
    ],
    "cipher refused": [
        "failed",
        [
            "stream_socket_client(): Failed to enable crypto",
            "stream_socket_client(): Unable to connect to tls://%s (Unknown error)"
        ]
    ],
    "self-signed allowed, no CA": [
        "localhost",
        "%s",
        "TLSv1.3",
        "echo self-signed allowed, no CA\n",
        []
    ],
    "wrong name, name check off": [
        "localhost",
        "%s",
        "TLSv1.3",
        "echo wrong name, name check off\n",
        []
    ],
    "wrong name": [
        "failed",
        [
            "stream_socket_client(): Peer certificate subjectAltName did not match expected name `wrong.test'",
            "stream_socket_client(): Failed to enable crypto",
            "stream_socket_client(): Unable to connect to tls://%s (Unknown error)"
        ]
    ],
    "verify_depth 0": [
        "localhost",
        "%s",
        "TLSv1.3",
        "echo verify_depth 0\n",
        []
    ]
}
hooked, in a coroutine, same: true, the ticker ran meanwhile: true
