--TEST--
Hooks: with HOOK_STREAM_FUNCTION (the default HOOK_ALL of workers), one worker serves 100 requests at once whose handlers each send a request to a 0.2 s server over a non-blocking tcp:// stream and wait for the answer in stream_select(): they overlap (all 100 in well under the 20 s they take one after the other), every response exact; with hook_flags HOOK_ALL & ~HOOK_STREAM_FUNCTION the same handler runs them one after the other
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';

$slow = hooks_slow_server();

/** A server whose handler asks the slow server for /<its own path>, waiting in stream_select(). */
function select_proxy(int $slow, bool $hook_select): TridentTestServer {
    return new TridentTestServer(lc_define('SLOW', $slow) . lc_define('FLAGS', $hook_select ? Trident\Runtime::HOOK_ALL
        : Trident\Runtime::HOOK_ALL & ~Trident\Runtime::HOOK_STREAM_FUNCTION) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'max_coroutine' => 1000, 'hook_flags' => $FLAGS]);
$server->on('Request', function ($req, $res) {
    $c = stream_socket_client('tcp://127.0.0.1:' . $GLOBALS['SLOW'], $errno, $errstr, 5);
    fwrite($c, "GET {$req->server['path_info']} HTTP/1.0\r\nHost: x\r\n\r\n");
    stream_set_blocking($c, false);
    $raw = '';
    $selects = 0;
    $deadline = microtime(true) + 10;
    while (!feof($c) && microtime(true) < $deadline) {
        $r = [$c]; $w = $e = null;
        $n = stream_select($r, $w, $e, 5);
        $selects++;
        if ($n === false) break;
        if ($n > 0) $raw .= fread($c, 65536);
    }
    fclose($c);
    $res->end(substr($raw, strpos($raw, "\r\n\r\n") + 4) . ($selects > 0 ? ' (selected)' : ''));
});
$server->start();
PHP);
}

function check(array $r, array $paths): string {
    $bad = [];
    foreach ($paths as $i => $p) {
        [$status, $body] = $r['res'][$i];
        if ($status !== 200 || $body !== "slow:$p (selected)") $bad[] = "$p: $status $body";
    }
    return $bad ? 'MISMATCH ' . json_encode(array_slice($bad, 0, 3)) : 'all ' . count($paths) . ' exact';
}

$hooked = select_proxy($slow->port, true);
cs_parallel_get($hooked->port, ['/warm-up']);
$paths = array_map(fn($i) => "/s$i", range(0, 99));
$r = cs_parallel_get($hooked->port, $paths, 20);
echo "hooked x100: ", check($r, $paths), "\n";
echo "hooked x100 wall < 1.5 s: ", var_export($r['wall'] < 1.5, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "log: ", json_encode(trim($hooked->stop())), "\n";

$plain = select_proxy($slow->port, false);
$paths = array_map(fn($i) => "/p$i", range(0, 4));
$r = cs_parallel_get($plain->port, $paths, 20);
echo "without HOOK_STREAM_FUNCTION x5: ", check($r, $paths), "\n";
echo "without HOOK_STREAM_FUNCTION x5 serial (>= 1.0 s): ", var_export($r['wall'] >= 1.0, true), "\n";
echo "log: ", json_encode(trim($plain->stop())), "\n";
$slow->stop();
?>
--EXPECTF--
hooked x100: all 100 exact
hooked x100 wall < 1.5 s: true (%f s)
log: ""
without HOOK_STREAM_FUNCTION x5: all 5 exact
without HOOK_STREAM_FUNCTION x5 serial (>= 1.0 s): true
log: ""
