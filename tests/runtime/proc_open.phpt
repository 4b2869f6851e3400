--TEST--
HOOK_PROC: proc_open() pipes in a coroutine: fgets/fread/stream_get_contents/fwrite suspend only the coroutine (a child writing slowly is read while a ticker runs; 1 MiB through cat with the writer and the reader in two coroutines; 20 children of 0.2 s overlap in < 2 s), proc_close() waits for the exit without blocking the others and returns PHP's value; results equal PHP's unhooked (exit codes, a signal, proc_get_status, stdin closed by proc_close); nonblocking pipes stay nonblocking
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
$spec = [0 => ['pipe', 'r'], 1 => ['pipe', 'w']];
$scenarios = function () use ($spec) {
    $r = [];
    $p = proc_open(['sh', '-c', 'read x; echo "got $x"; printf "no newline"; exit 5'], $spec, $pipes);
    fwrite($pipes[0], "hello\n");
    $r[] = [fgets($pipes[1]), stream_get_contents($pipes[1]), feof($pipes[1]), proc_close($p)];
    // proc_close closes our ends first: cat sees the end of its stdin and exits.
    $p = proc_open('cat', $spec, $pipes);
    fwrite($pipes[0], "abc");
    $r[] = [fread($pipes[1], 3), proc_close($p), get_resource_type($pipes[0]), get_resource_type($pipes[1])];
    $p = proc_open('echo bye; kill -TERM $$', $spec, $pipes);
    $r[] = [stream_get_contents($pipes[1]), proc_close($p)];
    $p = proc_open('exit 7', [], $pipes);
    while (($st = proc_get_status($p))['running']) usleep(10000);
    $r[] = [$st['exitcode'], proc_get_status($p)['exitcode'], proc_close($p)];  // reaped by proc_get_status
    $p = proc_open("printf 'x\\000y'; sleep 0.1; printf z", $spec, $pipes);
    stream_set_blocking($pipes[1], false);
    $first = fread($pipes[1], 10);  // nonblocking: returns what is there, never waits
    stream_set_blocking($pipes[1], true);
    $r[] = [strlen($first) <= 3, $first . stream_get_contents($pipes[1]), proc_close($p)];
    return $r;
};
$plain = $scenarios();
echo "PHP's results: ", json_encode($plain), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine, same: ", var_export(($h = $scenarios()) === $plain, true), "\n";
if ($h !== $plain) echo json_encode($h), "\n";
Trident\Coroutine\run(function () use ($scenarios, $plain, $spec) {
    echo "in a coroutine, same: ", var_export(($h = $scenarios()) === $plain, true), "\n";
    if ($h !== $plain) echo json_encode($h), "\n";

    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });

    // A child writing a line every 0.1 s, read with fgets, then answered on its stdin.
    $p = proc_open(['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.1; done; read x; echo "got $x"; exit 3'], $spec, $pipes);
    $t0 = $ticks;
    $lines = [];
    while (count($lines) < 5 && ($l = fgets($pipes[1])) !== false) $lines[] = rtrim($l);
    fwrite($pipes[0], "answer\n");
    $lines[] = rtrim(fgets($pipes[1]));
    $code = proc_close($p);
    echo "slow child: ", json_encode($lines), " exit $code, ticker ran meanwhile: ", var_export($ticks - $t0 >= 10, true), "\n";

    // 1 MiB through cat: more than the pipes hold, so the writer and the reader must take turns.
    $p = proc_open(['timeout', '5', 'cat'], $spec, $pipes);
    $big = str_repeat(implode('', array_map('chr', range(0, 255))), 4096);
    $wg = new Trident\Coroutine\WaitGroup();
    $wg->add();
    $written = 0;
    Trident\Coroutine::create(function () use ($pipes, $big, $wg, &$written) { $written = fwrite($pipes[0], $big); fclose($pipes[0]); $wg->done(); });
    $back = stream_get_contents($pipes[1]);
    $wg->wait();
    echo "1 MiB through cat: written $written, read back equal: ", var_export($back === $big, true), ", exit ", proc_close($p), "\n";

    // proc_close of a child still running: only this coroutine waits.
    $p = proc_open('sleep 0.3; exit 2', [], $pipes);
    $t0 = $ticks;
    $t = microtime(true);
    $code = proc_close($p);
    echo "proc_close: $code after >= 0.3 s: ", var_export(microtime(true) - $t >= 0.29, true), ", ticker ran meanwhile: ", var_export($ticks - $t0 >= 5, true), "\n";

    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i, $spec) {
            $p = proc_open("sleep 0.2; echo $i; exit $i", $spec, $pipes);
            $got[$i] = [stream_get_contents($pipes[1]), proc_close($p)];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    echo "20 x 0.2 s children: ", $got === array_map(fn($i) => ["$i\n", $i], range(0, 19)) ? 'results right' : json_encode($got),
        ", together < 2 s: ", var_export($took < 2.0, true), "\n";
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () use ($spec) {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(function () use ($spec) {
        $p = proc_open('sleep 0.2', $spec, $pipes);
        stream_get_contents($pipes[1]);
        proc_close($p);
    });
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
?>
--EXPECT--
PHP's results: [["got hello\n","no newline",true,5],["abc",0,"Unknown","Unknown"],["bye\n",15],[7,-1,-1],[true,"x\u0000yz",0]]
bool(true)
outside a coroutine, same: true
in a coroutine, same: true
slow child: ["line 1","line 2","line 3","line 4","line 5","got answer"] exit 3, ticker ran meanwhile: true
1 MiB through cat: written 1048576, read back equal: true, exit 0
proc_close: 2 after >= 0.3 s: true, ticker ran meanwhile: true
20 x 0.2 s children: results right, together < 2 s: true
hook off, 3 x 0.2 s serial (>= 0.55 s): true
