--TEST--
HOOK_PROC: passthru() inside coroutines passes the child's raw bytes through to PHP's output exactly as PHP's passthru() does unhooked (all 256 byte values, 1 MiB, no final newline, trailing whitespace kept), returns null and sets $result_code (exit codes, a signal's raw status), the same errors; output arrives while the child runs and other coroutines run; 20 passthru('sleep 0.2; ...') overlap (< 2 s of the 4 s serial); outside a coroutine and with the hook off PHP's own function runs (serial)
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
$bytes = tempnam(sys_get_temp_dir(), 'trident-passthru');
$data = '';
for ($i = 0; $i < 256; $i++) $data .= chr($i);
file_put_contents($bytes, str_repeat($data, 4096) . "tail \t\n\n  ");  // 1 MiB + whitespace, no final newline
$commands = [
    'cat ' . escapeshellarg($bytes),
    "printf 'a\\000b\\r\\n\\377  '",
    'true',
    'printf x; exit 3',
    'printf before; kill -9 $$',
];
$calls = function () use ($commands) {
    $r = [];
    foreach ($commands as $c) {
        ob_start();
        $ret = passthru($c, $code);
        $r[] = [$ret, $code, ob_get_clean()];
    }
    foreach (['', "a\0b"] as $bad) {
        try { passthru($bad); $r[] = 'no error'; } catch (Throwable $e) { $r[] = get_class($e) . ': ' . $e->getMessage(); }
    }
    return $r;
};
$plain = $calls();
echo "PHP's results: ", json_encode(array_map(fn($x) => is_array($x) ? [$x[0], $x[1], strlen($x[2]), md5($x[2])] : $x, $plain)), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine, same: ", var_export($calls() === $plain, true), "\n";
Trident\Coroutine\run(function () use ($calls, $plain) {
    echo "in a coroutine, same: ", var_export(($h = $calls()) === $plain, true), "\n";
    if ($h !== $plain) echo json_encode(array_map(fn($x) => is_array($x) ? [$x[0], $x[1], strlen($x[2])] : $x, $h)), "\n";

    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    // Raw bytes reach the output as they are read: the first before the child ends.
    $chunks = [];
    $t = microtime(true);
    ob_start(function ($d) use (&$chunks, $t) { if ($d !== '') $chunks[] = [$d, microtime(true) - $t]; return ''; }, 1);
    $ret = passthru("printf 'one'; sleep 0.3; printf '\\001two'", $code);
    ob_end_flush();
    echo "chunks: ", json_encode(array_column($chunks, 0)), ", returned ", var_export($ret, true), ", exit $code, the first >= 0.2 s before the last: ",
        var_export(count($chunks) >= 2 && end($chunks)[1] - $chunks[0][1] >= 0.2, true), ", ticker ran meanwhile: ", var_export($ticks >= 5, true), "\n";

    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) {
            ob_start();  // per coroutine
            $ret = passthru("sleep 0.2; printf '\\000$i\\377'; exit $i", $code);
            $got[$i] = [$ret, $code, ob_get_clean()];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    echo "20 x 0.2 s passthru: ", $got === array_map(fn($i) => [null, $i, "\0$i\xff"], range(0, 19)) ? 'results right' : json_encode($got),
        ", together < 2 s: ", var_export($took < 2.0, true), "\n";
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(fn() => passthru('sleep 0.2'));
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
unlink($bytes);
?>
--EXPECT--
PHP's results: [[null,0,1048586,"55cfbf5d4c25af6662b749082b6c5ce4"],[null,0,8,"e2d2aaa8c6cd98af71504f0c6bfd2620"],[null,0,0,"d41d8cd98f00b204e9800998ecf8427e"],[null,3,1,"9dd4e461268c8034f5c8564e155c67a6"],[null,9,6,"2f44417567bc123bd7c60de8c2a2b444"],"ValueError: passthru(): Argument #1 ($command) cannot be empty","ValueError: passthru(): Argument #1 ($command) must not contain any null bytes"]
bool(true)
outside a coroutine, same: true
in a coroutine, same: true
chunks: ["one","\u0001two"], returned NULL, exit 0, the first >= 0.2 s before the last: true, ticker ran meanwhile: true
20 x 0.2 s passthru: results right, together < 2 s: true
hook off, 3 x 0.2 s serial (>= 0.55 s): true
