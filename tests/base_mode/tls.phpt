--TEST--
MODE_BASE over TLS: HTTP/1.1 and HTTP/2 by ALPN from each worker's own reactor; SIGUSR1 reloads the certificates (the manager reads them again before forking the new workers), a saved TLS 1.3 session is resumed by the new workers, broken files keep the certificates that were serving
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
$dir = tls_temp_dir();
[$oldc, $oldk] = tls_make_cert($dir, 'old.test');
[$newc, $newk] = tls_make_cert($dir, 'new.test');
copy($oldc, "$dir/live.crt");
copy($oldk, "$dir/live.key");
$srv = new TridentTestServer(tls_php_var('DIR', $dir) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT, Trident\Http\Server::MODE_BASE);
$server->set(['worker_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'ssl_cert_file' => "$DIR/live.crt", 'ssl_key_file' => "$DIR/live.key"]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end("reloads {$s['tls_reload_count']} failures {$s['tls_reload_failures']}");
        return;
    }
    $res->end("ok {$req->server['server_protocol']} https={$req->server['https']}");
});
$server->start();
PHP);
$port = $srv->port;
$subject = fn() => tls_subject(tls_s_client($port, ['-servername', 'localhost'])[1]);
$stats = fn() => trident_curl(['-k', "https://127.0.0.1:$port/stats"])[1];
$reload = function (string $want) use ($srv, $stats) {
    trident_run(['kill', '-USR1', (string)$srv->pid()]);
    $deadline = microtime(true) + 10;
    while (($s = $stats()) !== $want && microtime(true) < $deadline) usleep(100000);
    return $s;
};
echo 'h1: ', trident_curl(['-k', '--http1.1', "https://127.0.0.1:$port/"])[1], "\n";
echo 'h2: ', trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"])[1], "\n";
echo 'before: ', $subject(), "\n";
$sess = "$dir/session.pem";
tls_s_client($port, ['-tls1_3', '-sess_out', $sess], tls_h1_close_request());
copy($newc, "$dir/live.crt");
copy($newk, "$dir/live.key");
echo 'after reload: ', $reload('reloads 1 failures 0'), "\n";
// Every new connection, whichever worker takes it, has the new certificate.
$subjects = [];
for ($i = 0; $i < 8; $i++) $subjects[$subject()] = true;
echo 'new handshakes: ', implode(', ', array_keys($subjects)), "\n";
echo 'h2: ', trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"])[1], "\n";
[, $out] = tls_s_client($port, ['-tls1_3', '-sess_in', $sess], tls_h1_close_request());
echo 'saved session: ', tls_session_line($out), "\n";
file_put_contents("$dir/live.crt", "not a certificate\n");
echo 'broken files: ', $reload('reloads 1 failures 1'), "\n";
echo 'still serving: ', $subject(), "\n";
$log = $srv->stop();
echo preg_match('/certificate reload for 127\.0\.0\.1:\d+ failed, the old certificates stay: cannot load certificate "[^"]+live\.crt"/', $log) ? "logged the failure\n" : "log: $log\n";
?>
--EXPECT--
h1: ok HTTP/1.1 https=on
h2: ok HTTP/2 https=on
before: CN = old.test
after reload: reloads 1 failures 0
new handshakes: CN = new.test
h2: ok HTTP/2 https=on
saved session: Reused, TLSv1.3
broken files: reloads 1 failures 1
still serving: CN = new.test
logged the failure
