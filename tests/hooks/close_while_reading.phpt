--TEST--
Hooks: fclose() of a hooked socket stream (plain and TLS) that another coroutine is reading is refused with a Trident\Coroutine\Exception naming both coroutines (PHP would free the stream under the reader); the reader then gets its data and the stream closes normally; fclose() of an idle stream and outside coroutines is PHP's
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
use function Trident\go;
use function Trident\Coroutine\run;

$certs = tls_certs();
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);

foreach (['tcp', 'tls'] as $scheme) {
    run(function () use ($scheme, $certs) {
        $server_ctx = stream_context_create(['ssl' => ['local_cert' => $certs['cert'], 'local_pk' => $certs['key']]]);
        $client_ctx = stream_context_create(['ssl' => ['cafile' => $certs['cert'], 'peer_name' => 'localhost']]);
        $srv = stream_socket_server("$scheme://127.0.0.1:0", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $server_ctx);
        $addr = stream_socket_get_name($srv, false);
        $peer = null;
        go(function () use ($srv, &$peer) { $peer = stream_socket_accept($srv, 5); });
        $c = stream_socket_client("$scheme://$addr", $errno, $errstr, 5, STREAM_CLIENT_CONNECT, $client_ctx);
        while (!$peer) usleep(1000);
        $log = [];
        go(function () use ($c, &$log) { $log[] = 'reader got: ' . var_export(fgets($c), true); });
        try {
            fclose($c);
            $log[] = 'closed under the reader';
        } catch (Trident\Coroutine\Exception $e) {
            $log[] = preg_replace('/#\d+/', '#N', $e->getMessage());
        }
        fwrite($peer, "line\n");
        usleep(100000);
        $log[] = 'fclose after the read: ' . var_export(fclose($c), true);
        fclose($peer);
        echo "$scheme:\n  ", implode("\n  ", $log), "\n";
    });
}
$f = fopen('php://memory', 'r+');
var_dump(fclose($f));
?>
--EXPECT--
tcp:
  Socket #N is being read by coroutine #N; coroutine #N cannot close it until that operation ends
  reader got: 'line
'
  fclose after the read: true
tls:
  Socket #N is being read by coroutine #N; coroutine #N cannot close it until that operation ends
  reader got: 'line
'
  fclose after the read: true
bool(true)
