--TEST--
Hooks: with the default hook_flags, one worker serves 100 requests at once whose handlers each call a 0.2 s HTTPS server through file_get_contents('https://...') with peer verification against a test CA (and 20 through a tls:// stream); they overlap. A wrong CA gives the warning PHP gives without hooks. Without hooks the same handler runs them one after the other.
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['pgrep', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require __DIR__ . '/../tls/certs.inc';

$c = tls_certs();
$other = tls_make_cert($c['dir'], 'other.test');
$slow = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY]);
$server->on('Request', function ($req, $res) {
    Trident\Coroutine::sleep(0.2);
    $res->end('slow:' . $req->server['path_info']);
});
$server->start();
PHP);

function https_proxy(int $slow, string $ca, string $wrong_ca, bool $hooked): TridentTestServer {
    $vars = tls_php_var('CA', $ca) . tls_php_var('WRONG_CA', $wrong_ca) . tls_php_var('SLOW', $slow) . tls_php_var('HOOKED', $hooked);
    return new TridentTestServer($vars . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4] + ($HOOKED ? [] : ['hook_flags' => 0]));
$server->on('Request', function ($req, $res) use ($CA, $WRONG_CA, $SLOW) {
    $path = $req->server['path_info'];
    $ssl = ['cafile' => $path === '/wrong-ca' ? $WRONG_CA : $CA, 'peer_name' => 'localhost', 'verify_peer' => true];
    if ($path === '/tls') {
        $s = stream_socket_client("tls://127.0.0.1:$SLOW", $errno, $errstr, 5, STREAM_CLIENT_CONNECT,
                                  stream_context_create(['ssl' => $ssl]));
        fwrite($s, "GET /via-tls HTTP/1.0\r\nHost: localhost\r\n\r\n");
        $raw = stream_get_contents($s);
        fclose($s);
        $res->end(substr($raw, strpos($raw, "\r\n\r\n") + 4));
        return;
    }
    $body = @file_get_contents("https://127.0.0.1:$SLOW/via-https", false, stream_context_create(['ssl' => $ssl]));
    $res->end($body === false ? 'failed: ' . error_get_last()['message'] : $body);
});
$server->start();
PHP);
}

$hooked = https_proxy($slow->port, $c['cert'], $other[0], true);
$r = cs_parallel_get($hooked->port, array_fill(0, 100, '/https'));
echo "https x100: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "https x100 overlapped (< 2 s, serial 20 s): ", var_export($r['wall'] < 2.0, true), "\n";
$r = cs_parallel_get($hooked->port, array_fill(0, 20, '/tls'));
echo "tls x20: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "tls x20 overlapped (< 1.5 s, serial 4 s): ", var_export($r['wall'] < 1.5, true), "\n";
$hooked_error = cs_parallel_get($hooked->port, ['/wrong-ca'])['res'][0][1];
echo "log: ", json_encode(trim($hooked->stop())), "\n";

$plain = https_proxy($slow->port, $c['cert'], $other[0], false);
$r = cs_parallel_get($plain->port, array_fill(0, 5, '/https'));
echo "unhooked x5: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "unhooked x5 serial (>= 1.0 s): ", var_export($r['wall'] >= 1.0, true), "\n";
$plain_error = cs_parallel_get($plain->port, ['/wrong-ca'])['res'][0][1];
echo "wrong CA: ", str_replace((string)$slow->port, 'PORT', $hooked_error), "\n";
echo "wrong CA same as without hooks: ", var_export($hooked_error === $plain_error, true), "\n";
$plain->stop();
$slow->stop();
?>
--EXPECT--
https x100: [[200,"slow:\/via-https"]]
https x100 overlapped (< 2 s, serial 20 s): true
tls x20: [[200,"slow:\/via-tls"]]
tls x20 overlapped (< 1.5 s, serial 4 s): true
log: ""
unhooked x5: [[200,"slow:\/via-https"]]
unhooked x5 serial (>= 1.0 s): true
wrong CA: failed: file_get_contents(https://127.0.0.1:PORT/via-https): Failed to open stream: operation failed
wrong CA same as without hooks: true
