--TEST--
Certificate reload: after the certificate files are replaced, SIGUSR1 (or $server->reload()) makes new TLS handshakes (HTTP/1.1 and HTTP/2 over TCP, and HTTP/3 over QUIC) use the new certificate while a connection made before keeps working; a TLS 1.3 session saved before the reload still resumes; files that do not load leave the old certificate serving, with an error in the log; stats count both
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl']); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$dir = tls_temp_dir();
[$oldc, $oldk] = tls_make_cert($dir, 'old.test');
[$newc, $newk] = tls_make_cert($dir, 'new.test');
copy($oldc, "$dir/live.crt");
copy($oldk, "$dir/live.key");
$srv = new TridentTestServer(tls_php_var('DIR', $dir) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true, 'open_http3_protocol' => true,
              'ssl_cert_file' => "$DIR/live.crt", 'ssl_key_file' => "$DIR/live.key"]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end("reloads {$s['tls_reload_count']} failures {$s['tls_reload_failures']}");
        return;
    }
    $res->end("ok {$req->server['server_protocol']}");
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

echo "before: ", $subject(), "\n";
// A keep-alive TLS connection made before the reload, and a TLS 1.3 session saved.
$ctx = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
$keep = stream_socket_client("ssl://127.0.0.1:$port", $e, $es, 5, STREAM_CLIENT_CONNECT, $ctx);
$ask = function ($s, string $path) {
    fwrite($s, "GET $path HTTP/1.1\r\nHost: localhost\r\n\r\n");
    $buf = '';
    while (!str_contains($buf, "\r\n\r\n") || strlen($buf) < strpos($buf, "\r\n\r\n") + 4 + (int)(preg_match('/Content-Length: (\d+)/i', $buf, $m) ? $m[1] : 0)) {
        $d = fread($s, 8192);
        if ($d === '' || $d === false) break;
        $buf .= $d;
    }
    return substr($buf, strpos($buf, "\r\n\r\n") + 4);
};
echo "kept connection: ", $ask($keep, '/a'), "\n";
$sess = "$dir/session.pem";
tls_s_client($port, ['-tls1_3', '-sess_out', $sess], tls_h1_close_request());

// The files are replaced (as certbot does), then the reload.
copy($newc, "$dir/live.crt");
copy($newk, "$dir/live.key");
echo "after reload: ", $reload('reloads 1 failures 0'), "\n";
echo "new handshake: ", $subject(), "\n";
echo "h2: ", trident_curl(['-k', '--http2', "https://127.0.0.1:$port/"])[1], "\n";
$h3 = h3_client($port, ['/']);
echo "h3: ", h3_status_summary($h3), $h3['handshake'] ? ', handshake done' : ', NO handshake', "\n";
echo "kept connection: ", $ask($keep, '/b'), "\n";
[, $out] = tls_s_client($port, ['-tls1_3', '-sess_in', $sess], tls_h1_close_request());
echo "saved session: ", tls_session_line($out), "\n";

// A broken certificate file: the reload fails, the new certificate keeps serving.
file_put_contents("$dir/live.crt", "not a certificate\n");
echo "broken files: ", $reload('reloads 1 failures 1'), "\n";
echo "still serving: ", $subject(), "\n";
$h3 = h3_client($port, ['/']);
echo "h3: ", h3_status_summary($h3), "\n";
fclose($keep);
$log = $srv->stop();
echo preg_match('/certificate reload for 127\.0\.0\.1:\d+ failed, the old certificates stay: cannot load certificate "[^"]+live\.crt"/', $log) ? "logged the failure\n" : "log: $log\n";
?>
--EXPECT--
before: CN = old.test
kept connection: ok HTTP/1.1
after reload: reloads 1 failures 0
new handshake: CN = new.test
h2: ok HTTP/2
h3: 200 x1, handshake done
kept connection: ok HTTP/1.1
saved session: Reused, TLSv1.3
broken files: reloads 1 failures 1
still serving: CN = new.test
h3: 200 x1
logged the failure
