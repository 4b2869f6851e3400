--TEST--
HOOK_PROC: system() inside coroutines writes the same bytes to PHP's output and returns what PHP's system() returns unhooked (last line stripped of trailing whitespace, "" for none, $result_code: exit codes, a signal's raw status, the same errors); each line reaches the output when it is complete, while other coroutines run; 20 system('sleep 0.2; echo $i') overlap (< 2 s of the 4 s serial); outside a coroutine and with the hook off PHP's own function runs (serial)
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
$commands = [
    'echo hello',
    "printf 'a  \\n\\tb \\n\\n  \\nc \\t'",       // trailing whitespace, blank lines, no final newline
    'true',                                       // no output
    'echo last; exit 3',
    'echo before; kill -9 $$',                    // killed by a signal: the raw wait status
    "printf 'x\\000y\\r\\n'",                     // NUL bytes, CRLF
    'printf "%020000d\\n" 0; seq 1 2000',  // more than one read
    "printf ab; sleep 0.05; printf 'cd\\n'; sleep 0.05; printf ef",
];
$calls = function () use ($commands) {
    $r = [];
    foreach ($commands as $c) {
        ob_start();
        $last = system($c, $code);
        $r[] = [$last, $code, ob_get_clean()];
    }
    foreach (['', "a\0b"] as $bad) {
        try { system($bad); $r[] = 'no error'; } catch (Throwable $e) { $r[] = get_class($e) . ': ' . $e->getMessage(); }
    }
    return $r;
};
// Each chunk PHP's output receives, with the time it arrived.
function chunks(string $command, ?int &$code = null): array {
    $chunks = [];
    $t = microtime(true);
    ob_start(function ($data) use (&$chunks, $t) { if ($data !== '') $chunks[] = [$data, microtime(true) - $t]; return ''; }, 1);
    system($command, $code);
    ob_end_flush();
    return $chunks;
}
$plain = $calls();
echo "PHP's results: ", json_encode(array_map(fn($x) => is_array($x) ? [$x[0], $x[1], strlen($x[2])] : $x, $plain)), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine, same: ", var_export($calls() === $plain, true), "\n";
Trident\Coroutine\run(function () use ($calls, $plain) {
    echo "in a coroutine, same: ", var_export(($h = $calls()) === $plain, true), "\n";
    if ($h !== $plain) var_dump($h, $plain);

    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    $c = chunks("echo one; sleep 0.3; printf 'two  \\n'; exit 4", $code);
    echo "lines as they complete: ", json_encode(array_column($c, 0)), " exit $code, the first >= 0.2 s before the second: ",
        var_export(count($c) === 2 && $c[1][1] - $c[0][1] >= 0.2, true), ", ticker ran meanwhile: ", var_export($ticks >= 5, true), "\n";

    // Output buffers are per coroutine: each one collects what its system() writes.
    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) {
            ob_start();
            $last = system("sleep 0.2; echo $i; exit $i", $code);
            $got[$i] = [$last, $code, ob_get_clean()];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    echo "20 x 0.2 s system: ", $got === array_map(fn($i) => ["$i", $i, "$i\n"], range(0, 19)) ? 'results right' : json_encode($got),
        ", together < 2 s: ", var_export($took < 2.0, true), "\n";
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(fn() => system('sleep 0.2'));
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
?>
--EXPECT--
PHP's results: [["hello",0,6],["c",0,15],["",0,0],["last",3,5],["before",9,7],["x\u0000y",0,5],["2000",0,28894],["ef",0,7],"ValueError: system(): Argument #1 ($command) cannot be empty","ValueError: system(): Argument #1 ($command) must not contain any null bytes"]
bool(true)
outside a coroutine, same: true
in a coroutine, same: true
lines as they complete: ["one\n","two  \n"] exit 4, the first >= 0.2 s before the second: true, ticker ran meanwhile: true
20 x 0.2 s system: results right, together < 2 s: true
hook off, 3 x 0.2 s serial (>= 0.55 s): true
