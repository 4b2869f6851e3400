--TEST--
HOOK_PROC: exec() inside coroutines returns exactly what PHP's exec() returns unhooked (last line, $output lines with trailing whitespace stripped and appended, $result_code: exit codes, a signal's raw status, long and slowly written lines, NUL bytes, the same errors), stderr stays inherited; 20 exec('sleep 0.2; echo $i') overlap (< 2 s of the 4 s serial, a ticker keeps ticking); outside a coroutine and with the hook off PHP's own function runs (serial)
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';

class Typed { public int $n = 0; }
$commands = [
    'echo hello',
    "printf 'a  \\n\\tb \\n\\n  \\nc'",          // trailing whitespace, blank lines, no final newline
    'true',                                       // no output
    'echo last; exit 3',                          // non-zero exit code
    'echo before; kill -9 $$',                    // killed by a signal: the raw wait status
    "printf 'x\\000y\\r\\n\\000\\n'",             // NUL bytes, CRLF
    'printf "%020000d\\n" 0; seq 1 3000; printf "no newline   "',  // > one read
    "printf ab; sleep 0.05; printf 'cd\\n'; sleep 0.05; printf ef",                      // lines split across reads
    'echo out; echo err >/dev/null; exit 255',
];
$calls = function () use ($commands) {
    $r = [];
    foreach ($commands as $c) {
        $output = ['kept'];
        $last = exec($c, $output, $code);
        $r[] = [$last, $output, $code, exec($c)];
    }
    $s = 'a string';
    exec('echo into a string', $s);
    $r[] = $s;
    foreach (['', "a\0b"] as $bad) {
        try { exec($bad); $r[] = 'no error'; } catch (Throwable $e) { $r[] = get_class($e) . ': ' . $e->getMessage(); }
    }
    $t = new Typed();
    try { exec('echo typed', $t->n); $r[] = 'no error'; } catch (Throwable $e) { $r[] = get_class($e) . ': ' . $e->getMessage(); }
    return $r;
};
$plain = $calls();
echo "PHP's results: ", json_encode(array_map(fn($x) => is_array($x) && isset($x[3]) ? [$x[0], count($x[1]), $x[2]] : $x, $plain)), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine, same: ", var_export($calls() === $plain, true), "\n";
Trident\Coroutine\run(function () use ($calls, $plain) {
    echo "in a coroutine, same: ", var_export(($h = $calls()) === $plain, true), "\n";
    if ($h !== $plain) var_dump($h, $plain);
    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) {
            $got[$i] = [exec("sleep 0.2; echo $i; exit $i", $o, $code), $o, $code];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    $want = [];
    for ($i = 0; $i < 20; $i++) $want[$i] = ["$i", ["$i"], $i];
    echo "20 x 0.2 s exec: ", $got === $want ? 'results right' : json_encode($got),
        ", together < 2 s: ", var_export($took < 2.0, true), ", ticker ran: ", var_export($ticks >= 5, true), "\n";
});

// stderr is the worker's (inherited), as with PHP's exec().
$child = <<<'PHP'
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC);
exec('echo plain-err >&2');
Trident\Coroutine\run(fn() => exec('echo hooked-err >&2; echo out', $o) && print(json_encode($o)));
PHP;
[$rc, $out, $err] = trident_run([...trident_php(), '-n', '-d', 'extension=' . TRIDENT_TEST_EXT, '-r', $child]);
echo "stderr inherited: rc=$rc out=$out err=", json_encode($err), "\n";

Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(fn() => exec('sleep 0.2'));
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
?>
--EXPECT--
PHP's results: [["hello",2,0],["c",6,0],["",1,0],["last",2,3],["before",2,9],["\u0000",3,0],["no newline",3003,0],["ef",3,0],["out",2,255],["into a string"],"ValueError: exec(): Argument #1 ($command) cannot be empty","ValueError: exec(): Argument #1 ($command) must not contain any null bytes","TypeError: Cannot assign array to reference held by property Typed::$n of type int"]
bool(true)
outside a coroutine, same: true
in a coroutine, same: true
20 x 0.2 s exec: results right, together < 2 s: true, ticker ran: true
stderr inherited: rc=0 out=["out"] err="plain-err\nhooked-err\n"
hook off, 3 x 0.2 s serial (>= 0.55 s): true
