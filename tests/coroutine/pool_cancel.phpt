--TEST--
Pool: a coroutine waiting forever in get() is cancelled at the end of run() and leaves the pool consistent
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine\Pool;
use function Trident\go;
$pool = new Pool(fn () => new ArrayObject([1]), 1);
$held = null;
$ok = Trident\Coroutine\run(function () use ($pool, &$held) {
    $held = $pool->get();
    go(function () use ($pool) {
        try {
            $pool->get();
            echo "never\n";
        } finally {
            echo "finally of the blocked get()\n";
        }
    });
});
var_dump($ok);
echo json_encode($pool->stats()), "\n";
$pool->put($held);
echo json_encode($pool->stats()), "\n";
?>
--EXPECTF--

Warning: Trident\Coroutine\run(): 1 coroutine(s) waiting forever (deadlock): cancelled as if they called exit() in %s on line %d
finally of the blocked get()
bool(true)
{"size":1,"created":1,"idle":0,"in_use":1,"waiting":0}
{"size":1,"created":1,"idle":1,"in_use":0,"waiting":0}
