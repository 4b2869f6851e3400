--TEST--
HOOK_PROC: shell_exec() (and the backtick operator) inside coroutines overlap (10 commands of 0.2 s in ~0.2 s, a ticker keeps running) and return exactly what PHP returns unhooked: output byte for byte, null for no output, the same ValueErrors; outside a coroutine and with the hook off PHP's own function runs (serial)
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
$calls = function () {
    $out = [shell_exec('echo hello'), shell_exec('true'), shell_exec("printf 'a\\000b\\n'"), `echo back tick`,
            shell_exec('echo $((6 * 7)); echo err >/dev/null'), shell_exec('exit 3')];
    foreach (['', "a\0b"] as $bad) {
        try { shell_exec($bad); $out[] = 'no error'; } catch (Throwable $e) { $out[] = get_class($e) . ': ' . $e->getMessage(); }
    }
    return $out;
};
$plain = $calls();
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine, same: ", var_export($calls() === $plain, true), "\n";
$t = microtime(true);
Trident\Coroutine\run(function () use ($calls, $plain) {
    echo "in a coroutine, same: ", var_export(($h = $calls()) === $plain, true), "\n";
    if ($h !== $plain) var_dump($h, $plain);
    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) { $got[$i] = shell_exec("sleep 0.2; echo $i"); $wg->done(); });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    echo "10 x 0.2 s commands: ", implode('', $got) === "0\n1\n2\n3\n4\n5\n6\n7\n8\n9\n" ? 'outputs right' : json_encode($got),
        ", together < 0.6 s: ", var_export($took < 0.6, true), ", ticker ran: ", var_export($ticks >= 5, true), "\n";
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(fn() => shell_exec('sleep 0.2'));
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
?>
--EXPECT--
bool(true)
outside a coroutine, same: true
in a coroutine, same: true
10 x 0.2 s commands: outputs right, together < 0.6 s: true, ticker ran: true
hook off, 3 x 0.2 s serial (>= 0.55 s): true
