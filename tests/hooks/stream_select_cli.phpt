--TEST--
Hooks: stream_select() with HOOK_STREAM_FUNCTION over hooked tcp:// streams returns what PHP's returns (counts and arrays for ready read, ready write, timeout 0, an expiring timeout, a null timeout, data already in PHP's read buffer, EOF, a proc_open pipe next to a socket, a php://memory stream PHP cannot select, no selectable stream) outside and inside a coroutine; inside one it waits as a coroutine (a ticker runs, 10 selects overlap, a null-timeout select is woken by another coroutine's write); two coroutines selecting one socket get the registry's exception
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['sh', 'sleep']); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

/** One stream_select(): "label: result r=[names] w=[names] e=[names] warning", and its seconds in $secs. */
function sel(string $label, ?array $r, ?array $w, ?array $e, ?int $sec, int $usec = 0, array &$secs = []): string {
    global $NAMES;
    $names = fn(?array $a) => $a === null ? 'null' : json_encode(array_map(fn($s) => $NAMES[(int)$s] ?? '?', array_values($a)));
    error_clear_last();
    $t = microtime(true);
    try {
        $n = var_export(@stream_select($r, $w, $e, $sec, $usec), true);
    } catch (Throwable $x) {
        $n = get_class($x) . ': ' . $x->getMessage();
    }
    $secs[$label] = microtime(true) - $t;
    return "$label: $n r=" . $names($r) . ' w=' . $names($w) . ' e=' . $names($e)
        . (error_get_last() ? ' (' . error_get_last()['message'] . ')' : '') . "\n";
}

/** Every case once; returns [output, seconds per case]. */
function cases(): array {
    global $NAMES;
    $secs = [];
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $a = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
    $b = stream_socket_accept($srv);
    $NAMES = [(int)$a => 'a', (int)$b => 'b'];
    $out = sel('idle, timeout 0', [$a], null, null, 0, 0, $secs);
    $out .= sel('idle, timeout 0.3 s', [$a, $b], null, [$a], 0, 300000, $secs);
    $out .= sel('writable', [$a], [$a, $b], null, 1, 0, $secs);
    fwrite($b, "line1\nline2\n");
    $out .= sel('readable', [$a, $b], [], null, 1, 0, $secs);
    $out .= 'fgets: ' . fgets($a);
    // line2 is in PHP's read buffer now, not in the socket: ready at once, whatever the timeout.
    $out .= sel('buffered', [$a, $b], null, null, null, 0, $secs);
    $out .= 'fgets: ' . fgets($a);
    $out .= sel('drained, timeout 0.2 s', [$a], null, null, 0, 200000, $secs);
    $p = proc_open(['sh', '-c', 'sleep 0.2; echo hi'], [1 => ['pipe', 'w']], $pipes);
    $NAMES[(int)$pipes[1]] = 'pipe';
    $out .= sel('pipe and socket, null timeout', [$pipes[1], $a], null, null, null, 0, $secs);
    $out .= 'pipe: ' . fgets($pipes[1]);
    fclose($pipes[1]);
    proc_close($p);
    $m = fopen('php://memory', 'r+');
    fwrite($m, 'data');
    $NAMES[(int)$m] = 'memory';
    $out .= sel('memory and socket, timeout 0.1 s', [$m, $a], null, null, 0, 100000, $secs);
    $out .= sel('memory only', [$m], null, null, 0, 100000, $secs);
    fclose($b);
    $out .= sel('peer closed', [$a], null, null, 1, 0, $secs);
    return [$out, $secs];
}

function near(float $secs, float $want): bool { return $secs >= $want - 0.01 && $secs < $want + 0.5; }

[$plain, $plain_secs] = cases();
echo $plain;
echo "without hooks, the waits last their timeouts: ", var_export(near($plain_secs['idle, timeout 0.3 s'], 0.3)
    && near($plain_secs['drained, timeout 0.2 s'], 0.2) && near($plain_secs['memory and socket, timeout 0.1 s'], 0.1), true), "\n";

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP | Trident\Runtime::HOOK_STREAM_FUNCTION);
[$outside] = cases();
echo "hooks on, outside a coroutine: the same: ", var_export($outside === $plain, true), "\n";

run(function () use ($plain) {
    $ticks = 0;
    $stop = false;
    go(function () use (&$ticks, &$stop) { while (!$stop) { Coroutine::sleep(0.02); $ticks++; } });
    [$inside, $secs] = cases();
    $stop = true;
    echo "in a coroutine: the same: ", var_export($inside === $plain, true), "\n";
    if ($inside !== $plain) echo $inside;
    echo "the waits last their timeouts: ", var_export(near($secs['idle, timeout 0.3 s'], 0.3)
        && near($secs['drained, timeout 0.2 s'], 0.2) && near($secs['memory and socket, timeout 0.1 s'], 0.1), true), "\n";
    echo "timeout 0 and ready streams at once: ", var_export($secs['idle, timeout 0'] < 0.05 && $secs['readable'] < 0.05
        && $secs['buffered'] < 0.05 && $secs['writable'] < 0.05, true), "\n";
    // 0.3 + 0.2 + 0.2 (the pipe) + 0.1 s of waits: a 20 ms ticker ticks about 40 times.
    echo "a ticker ran during the waits (>= 20 ticks): ", var_export($ticks >= 20, true), "\n";

    // 10 coroutines each wait 0.3 s in stream_select() on their own idle socket: together.
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $t0 = microtime(true);
    $wg = new Coroutine\WaitGroup();
    $results = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($srv, $i, &$results, $wg) {
            $c = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
            $r = [$c]; $w = $e = null;
            $results[$i] = stream_select($r, $w, $e, 0, 300000);
            $wg->done();
        });
    }
    $wg->wait();
    $wall = microtime(true) - $t0;
    echo "10 idle selects: ", implode(' ', $results), ", together (< 1.0 s; one after the other 3 s): ",
        var_export($wall < 1.0, true), sprintf(" (%.3f s)", $wall), "\n";

    // A null timeout is ended by another coroutine's write, which can only run if this one waits as a coroutine.
    // (A listener of its own: $srv's backlog holds the connections of the 10 above.)
    $srv = stream_socket_server('tcp://127.0.0.1:0');
    $a = stream_socket_client('tcp://' . stream_socket_get_name($srv, false));
    $b = stream_socket_accept($srv);
    stream_set_timeout($a, 2);
    go(function () use ($b) { Coroutine::sleep(0.2); fwrite($b, 'wake'); });
    $r = [$a]; $w = $e = null;
    $t0 = microtime(true);
    $n = stream_select($r, $w, $e, 5);
    echo "woken by another coroutine: $n ", fread($a, 10), ' ', var_export(near(microtime(true) - $t0, 0.2), true), "\n";

    // A second coroutine selecting a socket one is waiting on: the registry's exception, and
    // no "Unable to select" warning from stream_select() next to it.
    $got = [];
    foreach ([1, 2] as $k) {
        go(function () use ($a, $k, &$got) {
            $r = [$a]; $w = $e = null;
            error_clear_last();
            try {
                $got[$k] = var_export(@stream_select($r, $w, $e, 1), true);
            } catch (Coroutine\Exception $x) {
                $got[$k] = preg_replace('/#\d+/', '#N', $x->getMessage()) . ' / warning: ' . json_encode(error_get_last());
            }
        });
    }
    Coroutine::sleep(0.05);
    fwrite($b, 'x');
    while (count($got) < 2) Coroutine::sleep(0.01);
    ksort($got);
    echo "two selecting one socket: ", json_encode($got, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
});
?>
--EXPECTF--
idle, timeout 0: 0 r=[] w=null e=null
idle, timeout 0.3 s: 0 r=[] w=null e=[]
writable: 2 r=[] w=["a","b"] e=null
readable: 1 r=["a"] w=[] e=null
fgets: line1
buffered: 1 r=["a"] w=null e=null
fgets: line2
drained, timeout 0.2 s: 0 r=[] w=null e=null
pipe and socket, null timeout: 1 r=["pipe"] w=null e=null
pipe: hi
memory and socket, timeout 0.1 s: 0 r=[] w=null e=null (stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor)
memory only: ValueError: No stream arrays were passed r=["memory"] w=null e=null (stream_select(): Cannot represent a stream of type MEMORY as a select()able descriptor)
peer closed: 1 r=["a"] w=null e=null
without hooks, the waits last their timeouts: true
hooks on, outside a coroutine: the same: true
in a coroutine: the same: true
the waits last their timeouts: true
timeout 0 and ready streams at once: true
a ticker ran during the waits (>= 20 ticks): true
10 idle selects: 0 0 0 0 0 0 0 0 0 0, together (< 1.0 s; one after the other 3 s): true (%f s)
woken by another coroutine: 1 wake true
two selecting one socket: {
    "1": "1",
    "2": "Socket #N is already being read by coroutine #N; coroutine #N cannot read it at the same time / warning: null"
}
