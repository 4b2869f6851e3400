--TEST--
Bad TLS configuration fails start() with a Trident\Exception naming the file: missing certificate, missing key, key not matching the certificate, certificate without key, not PEM, bad SNI certificate, bad listen() certificate
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs(true);
$dir = $c['dir'];
file_put_contents("$dir/empty.pem", '');
file_put_contents("$dir/garbage.pem", "this is not a certificate\n");

function try_start(string $what, array $settings, ?array $listen = null): void {
    global $dir;
    $server = new Trident\Http\Server('127.0.0.1', trident_free_port());
    $server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 5] + $settings);
    if ($listen !== null) $server->listen('127.0.0.1', trident_free_port(), $listen);
    $server->on('Request', function ($req, $res) { $res->end('unexpected'); });
    $t0 = microtime(true);
    try {
        $server->start();
        echo "$what: start() returned\n";
    } catch (Trident\Exception $e) {
        echo "$what: ", get_class($e), ': ', str_replace($dir, 'DIR', $e->getMessage()), "\n";
    }
    if (microtime(true) - $t0 > 5) echo "  (took too long)\n";
}

try_start('missing cert', ['ssl_cert_file' => "$dir/nope.crt", 'ssl_key_file' => $c['key']]);
try_start('missing key', ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => "$dir/nope.key"]);
try_start('key of another cert', ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['other_key']]);
try_start('cert without key', ['ssl_cert_file' => $c['cert']]);
try_start('empty cert file', ['ssl_cert_file' => "$dir/empty.pem", 'ssl_key_file' => $c['key']]);
try_start('cert file is not PEM', ['ssl_cert_file' => "$dir/garbage.pem", 'ssl_key_file' => $c['key']]);
try_start('key file is a certificate', ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['cert']]);
try_start('cert file is a directory', ['ssl_cert_file' => $dir, 'ssl_key_file' => $c['key']]);
try_start('SNI cert missing', ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key'],
    'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => "$dir/nope.crt", 'ssl_key_file' => $c['other_key']]]]);
try_start('SNI key mismatch', ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key'],
    'ssl_sni_certs' => ['other.test' => ['ssl_cert_file' => $c['other_cert'], 'ssl_key_file' => $c['key']]]]);
try_start('listen() missing cert', [], ['ssl_cert_file' => "$dir/nope.crt", 'ssl_key_file' => $c['key']]);
try_start('listen() cert without key', [], ['ssl_cert_file' => $c['other_cert']]);
echo "done\n";
?>
--EXPECT--
missing cert: Trident\Exception: cannot load certificate "DIR/nope.crt": No such file or directory
missing key: Trident\Exception: cannot load private key "DIR/nope.key": No such file or directory
key of another cert: Trident\Exception: private key "DIR/other.test.key" does not match certificate "DIR/localhost.crt"
cert without key: Trident\Exception: ssl_key_file is required with ssl_cert_file "DIR/localhost.crt"
empty cert file: Trident\Exception: cannot load certificate "DIR/empty.pem": no PEM certificate found
cert file is not PEM: Trident\Exception: cannot load certificate "DIR/garbage.pem": no PEM certificate found
key file is a certificate: Trident\Exception: cannot load private key "DIR/localhost.crt": no PEM private key found
cert file is a directory: Trident\Exception: cannot load certificate "DIR": Is a directory
SNI cert missing: Trident\Exception: cannot load certificate "DIR/nope.crt": No such file or directory (SNI host "other.test")
SNI key mismatch: Trident\Exception: private key "DIR/localhost.key" does not match certificate "DIR/other.test.crt" (SNI host "other.test")
listen() missing cert: Trident\Exception: cannot load certificate "DIR/nope.crt": No such file or directory
listen() cert without key: Trident\Exception: ssl_key_file is required with ssl_cert_file "DIR/other.test.crt"
done
