--TEST--
Pool: a full pool makes get() wait (FIFO) until put() or the timeout; put(null) replaces a broken connection; close() wakes waiters
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Pool;
use function Trident\go;

Trident\Coroutine\run(function () {
    $made = 0;
    $pool = new Pool(function () use (&$made) { return 'c' . ++$made; }, 2);
    $c1 = $pool->get();
    $c2 = $pool->get();

    // Both are out: get() waits for the timeout, then returns false / TIMEOUT.
    $t = microtime(true);
    var_dump($pool->get(0.05));
    $waited = microtime(true) - $t;
    var_dump($pool->errCode === Pool::TIMEOUT, $waited >= 0.05 && $waited < 1.0);
    var_dump($pool->get(0), $pool->errCode === Pool::TIMEOUT);

    // Waiters are served in arrival order, each with the connection put back.
    for ($i = 1; $i <= 2; $i++) {
        go(function () use ($pool, $i) {
            $c = $pool->get(5);
            echo "waiter $i got $c errCode {$pool->errCode}\n";
            Coroutine::sleep(0.01);
            $pool->put($c);
        });
    }
    echo json_encode($pool->stats()), "\n";
    $pool->put($c2);
    $pool->put($c1);
    Coroutine::sleep(0.05);
    echo "made $made, ", json_encode($pool->stats()), "\n";

    // A timed-out waiter does not take a later connection.
    $a = $pool->get();
    $b = $pool->get();
    go(function () use ($pool) {
        var_dump($pool->get(0.01));
    });
    Coroutine::sleep(0.05);
    $pool->put($a);
    echo json_encode($pool->stats()), "\n";

    // put(null): the broken connection is forgotten and its slot goes to the waiter, which
    // makes a fresh one.
    $a = $pool->get();
    go(function () use ($pool) {
        $c = $pool->get(5);
        echo "after broken: $c\n";
        $pool->put($c);
    });
    $pool->put(null);
    Coroutine::sleep(0.01);
    $pool->put($a);
    echo "made $made, ", json_encode($pool->stats()), "\n";
    // Without a waiter, put(null) just frees the slot: the next get() makes a new one.
    $x = $pool->get();
    $y = $pool->get();
    $pool->put(null);
    echo "fresh: ", $pool->get(), ", made $made\n";

    // close() wakes every waiter with false / CLOSED; what is still out is dropped on put().
    for ($i = 1; $i <= 2; $i++) {
        go(function () use ($pool, $i) {
            $t = microtime(true);
            $c = $pool->get(5);
            echo "waiter $i: ", var_export($c, true), " CLOSED ", var_export($pool->errCode === Pool::CLOSED, true),
                " quick ", var_export(microtime(true) - $t < 1, true), "\n";
        });
    }
    echo json_encode($pool->stats()), "\n";
    $pool->close();
    Coroutine::sleep(0.01);
    $pool->put($x);
    echo json_encode($pool->stats()), "\n";
    var_dump($pool->get(), $pool->errCode === Pool::CLOSED);
});
echo "done\n";
?>
--EXPECT--
bool(false)
bool(true)
bool(true)
bool(false)
bool(true)
{"size":2,"created":2,"idle":0,"in_use":2,"waiting":2}
waiter 1 got c2 errCode 0
waiter 2 got c1 errCode 0
made 2, {"size":2,"created":2,"idle":2,"in_use":0,"waiting":0}
bool(false)
{"size":2,"created":2,"idle":1,"in_use":1,"waiting":0}
after broken: c3
made 3, {"size":2,"created":2,"idle":2,"in_use":0,"waiting":0}
fresh: c4, made 4
{"size":2,"created":2,"idle":0,"in_use":2,"waiting":2}
waiter 1: false CLOSED true quick true
waiter 2: false CLOSED true quick true
{"size":2,"created":1,"idle":0,"in_use":1,"waiting":0}
bool(false)
bool(true)
done
