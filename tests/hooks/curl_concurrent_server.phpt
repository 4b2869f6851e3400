--TEST--
Hooks: with HOOK_CURL (the default HOOK_ALL of workers), one worker serves 100 requests at once whose handlers each curl_exec() a 0.2 s endpoint: they overlap (all 100 in well under the 20 s they take one after the other), every body byte-exact (20,000 bytes, different per request); with hook_flags HOOK_ALL & ~HOOK_CURL the same handler runs them one after the other
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/curl.inc';

$slow = curl_slow_server();

/** A server whose handler fetches slow:/<its own path> with curl_exec() and returns what it got. */
function curl_proxy(int $slow, bool $hook_curl): TridentTestServer {
    return new TridentTestServer(lc_define('SLOW', $slow) . lc_define('FLAGS', $hook_curl ? Trident\Runtime::HOOK_ALL
        : Trident\Runtime::HOOK_ALL & ~Trident\Runtime::HOOK_CURL) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'max_coroutine' => 1000, 'hook_flags' => $FLAGS]);
$server->on('Request', function ($req, $res) {
    $h = curl_init("http://127.0.0.1:{$GLOBALS['SLOW']}{$req->server['path_info']}");
    curl_setopt_array($h, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 30]);
    $body = curl_exec($h);
    if ($body === false || curl_getinfo($h, CURLINFO_RESPONSE_CODE) !== 200) {
        $res->status(502);
        $res->end(curl_errno($h) . ' ' . curl_error($h));
        return;
    }
    $res->end($body);
});
$server->start();
PHP, null, [], ['curl']);
}

function check(array $r, array $paths): string {
    $bad = [];
    foreach ($paths as $i => $p) {
        [$status, $body] = $r['res'][$i];
        if ($status !== 200 || $body !== curl_test_body($p, 20000)) $bad[] = "$p: $status " . substr($body, 0, 80);
    }
    return $bad ? 'MISMATCH ' . json_encode(array_slice($bad, 0, 3)) : 'all ' . count($paths) . ' byte-exact';
}

$hooked = curl_proxy($slow->port, true);
cs_parallel_get($hooked->port, ['/warm-up']);
$paths = array_map(fn($i) => "/r$i", range(0, 99));
$r = cs_parallel_get($hooked->port, $paths, 30);
echo "hooked x100: ", check($r, $paths), "\n";
echo "hooked x100 wall < 2 s: ", var_export($r['wall'] < 2.0, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "log: ", json_encode(trim($hooked->stop())), "\n";

$plain = curl_proxy($slow->port, false);
$paths = array_map(fn($i) => "/p$i", range(0, 4));
$r = cs_parallel_get($plain->port, $paths, 30);
echo "without HOOK_CURL x5: ", check($r, $paths), "\n";
echo "without HOOK_CURL x5 serial (>= 1.0 s): ", var_export($r['wall'] >= 1.0, true), "\n";
echo "log: ", json_encode(trim($plain->stop())), "\n";
$slow->stop();
?>
--EXPECTF--
hooked x100: all 100 byte-exact
hooked x100 wall < 2 s: true (%f s)
log: ""
without HOOK_CURL x5: all 5 byte-exact
without HOOK_CURL x5 serial (>= 1.0 s): true
log: ""
