--TEST--
Coroutine\run: 1000 coroutines sleeping 0.1 s run concurrently, none wakes early
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

$early = 0;
$done = 0;
$start = microtime(true);
$ok = Trident\Coroutine\run(function () use (&$early, &$done) {
    for ($i = 0; $i < 1000; $i++) {
        go(function () use (&$early, &$done) {
            $t = microtime(true);
            Coroutine::sleep(0.1);
            if (microtime(true) - $t < 0.1) $early++;
            $done++;
        });
    }
});
$elapsed = microtime(true) - $start;
var_dump($ok, $done, $early);
// Together they take about 0.1 s; one after the other, 100 s.
echo $elapsed >= 0.1 && $elapsed < 2.0 ? "elapsed ok\n" : "elapsed $elapsed\n";
var_dump(Coroutine::stats()['coroutine_num']);
?>
--EXPECT--
bool(true)
int(1000)
int(0)
elapsed ok
int(0)
