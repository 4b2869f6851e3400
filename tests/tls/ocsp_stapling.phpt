--TEST--
OCSP stapling from a file (ssl_stapling_file): a client that asks (status_request) gets the response over TLS 1.3 and 1.2 and over QUIC (h3load), one that does not ask gets none, an SNI certificate staples its own; SIGUSR1 loads a replaced file (a revoked status now, with a warning in the log); a response for another certificate, a file that is not DER OCSP, a missing file and stapling without TLS fail start() with a message naming the file
--SKIPIF--
<?php
require __DIR__ . '/../http3/h3.inc';
h3_skipif(['curl']);
if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)');
?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$c = tls_certs(true);
$dir = $c['dir'];

/** A DER OCSP response for $cert (self-signed: it is its own issuer and responder), status 'V' good or 'R' revoked. */
function ocsp_response(string $dir, string $cert, string $key, string $status, string $out): string {
    [, $serial] = trident_run(['openssl', 'x509', '-in', $cert, '-noout', '-serial']);
    $serial = trim(explode('=', $serial)[1]);
    $expiry = gmdate('ymdHis', time() + 2 * 86400) . 'Z';
    $revoked = $status === 'R' ? gmdate('ymdHis', time() - 60) . 'Z' : '';
    file_put_contents("$dir/index.txt", "$status\t$expiry\t$revoked\t$serial\tunknown\t/CN=test\n");
    [$rc, , $err] = trident_run(['openssl', 'ocsp', '-issuer', $cert, '-cert', $cert, '-no_nonce', '-reqout', "$dir/req.der"]);
    if ($rc !== 0) throw new RuntimeException("openssl ocsp -reqout: $err");
    [$rc, , $err] = trident_run(['openssl', 'ocsp', '-index', "$dir/index.txt", '-rsigner', $cert, '-rkey', $key, '-CA', $cert,
        '-reqin', "$dir/req.der", '-respout', $out, '-ndays', '1']);
    if ($rc !== 0 || !is_file($out)) throw new RuntimeException("openssl ocsp -respout: $err");
    return $out;
}
$good = ocsp_response($dir, $c['cert'], $c['key'], 'V', "$dir/good.der");
$revoked = ocsp_response($dir, $c['cert'], $c['key'], 'R', "$dir/revoked.der");
$other_good = ocsp_response($dir, $c['other_cert'], $c['other_key'], 'V', "$dir/other.der");
copy($good, "$dir/live.der");

$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('DIR', $dir) . tls_php_var('OTHER', $c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 3, 'open_http3_protocol' => true,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'ssl_stapling_file' => "$DIR/live.der",
              'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => $OTHER['other_cert'], 'ssl_key_file' => $OTHER['other_key'],
                                                   'ssl_stapling_file' => "$DIR/other.der"]]]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end("reloads {$s['tls_reload_count']} failures {$s['tls_reload_failures']}");
        return;
    }
    $res->end('ok');
});
$server->start();
PHP);
$port = $srv->port;

// What s_client says about the staple: "none asked", "no response sent", or "<status>, <cert status>".
$staple = function (array $args) use ($port): string {
    [, $out] = tls_s_client($port, $args);
    if (!str_contains($out, 'OCSP response:')) return 'none asked';
    if (str_contains($out, 'OCSP response: no response sent')) return 'no response sent';
    return tls_grep($out, '/OCSP Response Status: (\w+)/') . ', ' . tls_grep($out, '/Cert Status: (\w+)/');
};
$h3 = function () use ($h3load, $port): string {
    [$rc, $out, $err] = trident_run([$h3load, '-n', '1', '-c', '1', '-T', '20', '--ocsp-status', "https://127.0.0.1:$port/"]);
    return $rc === 0 ? preg_replace('/\d+ bytes/', 'N bytes', tls_grep($out, '/^ocsp staple: (.*)$/')) : "h3load failed: $out $err";
};

echo "TLS 1.3 with -status: ", $staple(['-tls1_3', '-status', '-servername', 'localhost']), "\n";
echo "TLS 1.2 with -status: ", $staple(['-tls1_2', '-status', '-servername', 'localhost']), "\n";
echo "without -status: ", $staple(['-tls1_3', '-servername', 'localhost']), "\n";
echo "SNI other.test: ", $staple(['-tls1_3', '-status', '-servername', 'other.test']), "\n";
echo "HTTP/3: ", $h3(), "\n";
echo "request: ", trident_curl(['-sk', "https://127.0.0.1:$port/"])[1], "\n";

// The file is replaced (a cron job fetched a new response), then SIGUSR1.
copy($revoked, "$dir/live.der.tmp");
rename("$dir/live.der.tmp", "$dir/live.der");
trident_run(['kill', '-USR1', (string)$srv->pid()]);
$deadline = microtime(true) + 10;
while (($s = trident_curl(['-sk', "https://127.0.0.1:$port/stats"])[1]) !== 'reloads 1 failures 0' && microtime(true) < $deadline) usleep(100000);
echo "after reload: $s\n";
echo "TLS 1.3 with -status: ", $staple(['-tls1_3', '-status', '-servername', 'localhost']), "\n";
echo "HTTP/3: ", $h3(), "\n";
$log = $srv->stop();
echo "warning logged: ", str_contains($log, 'OCSP response "' . $dir . '/live.der" says certificate "' . $c['cert'] . '" is revoked') ? 'yes' : "no\n$log", "\n";

// Configuration errors: start() fails with the file named.
file_put_contents("$dir/garbage.der", "not an OCSP response");
function try_start(string $what, array $settings): void {
    global $dir, $c;
    $server = new Trident\Http\Server('127.0.0.1', trident_free_port());
    $server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 5] + $settings);
    $server->on('Request', function ($req, $res) { $res->end('unexpected'); });
    try {
        $server->start();
        echo "$what: start() returned\n";
    } catch (Trident\Exception $e) {
        echo "$what: ", get_class($e), ': ', preg_replace('/serial [0-9A-F]+/', 'serial S', str_replace($dir, 'DIR', $e->getMessage())), "\n";
    }
}
$tls = ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key']];
try_start('another certificate\'s response', $tls + ['ssl_stapling_file' => $other_good]);
try_start('not DER OCSP', $tls + ['ssl_stapling_file' => "$dir/garbage.der"]);
try_start('missing file', $tls + ['ssl_stapling_file' => "$dir/nope.der"]);
try_start('a directory', $tls + ['ssl_stapling_file' => $dir]);
try_start('no TLS', ['ssl_stapling_file' => $good]);
try_start('SNI response mismatch', $tls + ['ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => $c['other_cert'],
    'ssl_key_file' => $c['other_key'], 'ssl_stapling_file' => $good]]]);
// A setting of the wrong shape is refused by set() itself, with a warning.
$server = new Trident\Http\Server('127.0.0.1', trident_free_port());
$ok = @$server->set(['ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => $c['other_cert'], 'ssl_key_file' => $c['other_key'],
    'ssl_stapling_file' => 1]]]);
echo "SNI stapling file not a string: ", var_export($ok, true), ', ', error_get_last()['message'] ?? 'no warning', "\n";
echo "done\n";
?>
--EXPECT--
TLS 1.3 with -status: successful, good
TLS 1.2 with -status: successful, good
without -status: none asked
SNI other.test: successful, good
HTTP/3: N bytes, cert status good
request: ok
after reload: reloads 1 failures 0
TLS 1.3 with -status: successful, revoked
HTTP/3: N bytes, cert status revoked
warning logged: yes
another certificate's response: Trident\Exception: OCSP response "DIR/other.der" does not cover certificate "DIR/localhost.crt" (serial S)
not DER OCSP: Trident\Exception: cannot load OCSP response "DIR/garbage.der": not a DER OCSP response
missing file: Trident\Exception: cannot load OCSP response "DIR/nope.der": No such file or directory
a directory: Trident\Exception: cannot load OCSP response "DIR": Is a directory
no TLS: Trident\Exception: ssl_stapling_file "DIR/good.der" needs a TLS listener (ssl_cert_file and ssl_key_file)
SNI response mismatch: Trident\Exception: OCSP response "DIR/good.der" does not cover certificate "DIR/other.test.crt" (serial S) (SNI host "other.test")
SNI stapling file not a string: false, Trident\Http\Server::set(): Setting "ssl_sni_certs" must map host names to ['ssl_cert_file' => string, 'ssl_key_file' => string] (and optionally 'ssl_stapling_file' => string)
done
