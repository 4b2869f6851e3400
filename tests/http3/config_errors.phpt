--TEST--
HTTP/3 misconfiguration fails start() with a Trident\Exception that says what to do: open_http3_protocol without any TLS listener, on a cleartext listen(), a UDP port another process holds; a cleartext listener beside a TLS one is fine (HTTP/3 goes to the TLS one only)
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();

function try_start(string $what, int $port, array $settings, ?array $listen = null): void {
    $server = new Trident\Http\Server('127.0.0.1', $port);
    $server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 5] + $settings);
    if ($listen !== null) $server->listen('127.0.0.1', trident_free_port(), $listen);
    $server->on('Request', function ($req, $res) { $res->end('unexpected'); });
    try {
        $server->start();
        echo "$what: start() returned\n";
    } catch (Trident\Exception $e) {
        echo "$what: ", preg_replace('/\d{4,5}/', 'PORT', $e->getMessage()), "\n";
    }
}

try_start('no TLS listener', trident_free_port(), ['open_http3_protocol' => true]);
try_start('cleartext listen() asking for HTTP/3', trident_free_port(),
          ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key']], ['open_http3_protocol' => true]);
$port = trident_free_port();
$udp = stream_socket_server("udp://127.0.0.1:$port", $errno, $errstr, STREAM_SERVER_BIND);
try_start('UDP port taken', $port, ['ssl_cert_file' => $c['cert'], 'ssl_key_file' => $c['key'], 'open_http3_protocol' => true]);
fclose($udp);

// A cleartext listener beside the TLS one: the server-wide setting applies to the TLS one.
$plain = trident_free_port();
$srv = new TridentTestServer(h3_cert_vars($c) . tls_php_var('PLAIN', $plain) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->listen('127.0.0.1', $PLAIN, []);
$server->on('Request', function ($req, $res) { $res->end($req->server['server_protocol']); });
$server->start();
PHP);
$dl = tls_temp_dir();
h3_client($srv->port, ['/'], ["--download=$dl"]);
echo "TLS port over HTTP/3: ", @file_get_contents("$dl/index.html"), "\n";
[$rc, $out] = trident_curl(["http://127.0.0.1:$plain/"]);
echo "cleartext port: $out\n";
$srv->stop();
?>
--EXPECT--
no TLS listener: open_http3_protocol needs a TLS listener: set ssl_cert_file and ssl_key_file (QUIC always uses TLS)
cleartext listen() asking for HTTP/3: open_http3_protocol needs ssl_cert_file and ssl_key_file on the same listener (QUIC always uses TLS)
UDP port taken: cannot use UDP port PORT for HTTP/3: Address already in use
TLS port over HTTP/3: HTTP/3
cleartext port: HTTP/1.1
