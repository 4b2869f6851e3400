--TEST--
Pool: lazy creation, FIFO reuse, stats, factory errors, misuse, use outside a coroutine
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine\Pool;

class Conn { public function __construct(public int $id) {} }

try {
    new Pool(fn () => 1, 0);
} catch (ValueError $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}

// Nothing is made before the first get(); then one connection per get() while none is idle.
$made = 0;
$pool = new Pool(function () use (&$made) { return new Conn(++$made); }, 3);
echo "made before get: $made\n";
$a = $pool->get();
$b = $pool->get();
echo "got {$a->id} {$b->id}, made $made, errCode {$pool->errCode}\n";
echo json_encode($pool->stats()), "\n";
// Idle connections are reused oldest first, before any new one is made.
$pool->put($b);
$pool->put($a);
echo json_encode($pool->stats()), "\n";
$x = $pool->get();
$y = $pool->get();
echo "reused {$x->id} {$y->id}, made $made\n";
$z = $pool->get();
echo "third {$z->id}, made $made\n";

// Outside a coroutine a full pool cannot wait: get(0) reports TIMEOUT, get() throws.
var_dump($pool->get(0), $pool->errCode === Pool::TIMEOUT);
try {
    $pool->get();
} catch (Trident\Coroutine\Exception $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
$pool->put($x);
$pool->put($y);
$pool->put($z);
try {
    $pool->put(new Conn(99));
} catch (Trident\Coroutine\Exception $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}

// A factory that throws or returns null leaves its slot free.
$calls = 0;
$flaky = new Pool(function () use (&$calls) {
    $calls++;
    if ($calls === 1) throw new RuntimeException("connect failed");
    return $calls === 2 ? null : new Conn(7);
}, 1);
foreach ([1, 2] as $i) {
    try {
        $flaky->get();
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}
echo json_encode($flaky->stats()), "\n";
echo "then: ", $flaky->get()->id, "\n";

// close() drops the idle connections; later get() returns false / CLOSED; a connection
// still out is dropped when put back.
$pool->close();
echo json_encode($pool->stats()), "\n";
var_dump($pool->get(), $pool->errCode === Pool::CLOSED);
$flaky->close();
$flaky->put(new Conn(8));
echo json_encode($flaky->stats()), "\n";

// The factory may hold the pool (a cycle): the collector frees both.
$box = new stdClass;
$box->pool = new Pool(function () use ($box) { return new Conn(1); }, 1);
$box->pool->put($box->pool->get());
$box = null;
var_dump(gc_collect_cycles() > 0);
echo "done\n";
?>
--EXPECT--
ValueError: Trident\Coroutine\Pool::__construct(): Argument #2 ($size) must be greater than or equal to 1
made before get: 0
got 1 2, made 2, errCode 0
{"size":3,"created":2,"idle":0,"in_use":2,"waiting":0}
{"size":3,"created":2,"idle":2,"in_use":0,"waiting":0}
reused 2 1, made 2
third 3, made 3
bool(false)
bool(true)
Trident\Coroutine\Exception: Trident\Coroutine\Pool::get() can only be called inside a coroutine
Trident\Coroutine\Exception: Trident\Coroutine\Pool::put(): no connection of this pool is in use
RuntimeException: connect failed
Trident\Coroutine\Exception: Trident\Coroutine\Pool: the factory returned null instead of a connection
{"size":1,"created":0,"idle":0,"in_use":0,"waiting":0}
then: 7
{"size":3,"created":0,"idle":0,"in_use":0,"waiting":0}
bool(false)
bool(true)
{"size":1,"created":0,"idle":0,"in_use":0,"waiting":0}
bool(true)
done
