--TEST--
Timer: after, tick, clear; callbacks run in coroutines
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Timer;

try {
    Timer::after(10, fn() => 1);
} catch (Trident\Coroutine\Exception $e) {
    echo $e->getMessage(), "\n";
}

$start = microtime(true);
Trident\Coroutine\run(function () use ($start) {
    // Events 90 ms apart or more, so that a loaded machine does not reorder them.
    Timer::after(700, function ($a, $b) use ($start) {
        echo "after 700: $a $b, in coroutine: ", Coroutine::getCid() > 0 ? 'yes' : 'no', "\n";
        var_dump(microtime(true) - $start >= 0.7);
    }, 'x', 'y');
    Timer::after(300, function () {
        echo "after 300\n";
        Coroutine::sleep(0.01);  // callbacks may suspend
        echo "after 300 woke\n";
    });
    $cancelled = Timer::after(20, function () {
        echo "never\n";
    });
    var_dump(Timer::clear($cancelled), Timer::clear($cancelled), Timer::clear(999999));
    $n = 0;
    $tick = Timer::tick(200, function ($id, $tag) use (&$n) {
        $n++;
        echo "tick $n $tag\n";
        if ($n === 3) var_dump(Timer::clear($id));
    }, 'T');
    var_dump(is_int($tick), Coroutine::stats()['timer_num']);
    try {
        Timer::tick(0, fn() => 1);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
    try {
        Timer::after(-1, fn() => 1);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
});
// run() returned only once every timer had fired or was cleared.
var_dump(Coroutine::stats()['timer_num']);
?>
--EXPECT--
Trident\Timer::after() needs a scheduler: call it inside Trident\Coroutine\run() or a server callback
bool(true)
bool(false)
bool(false)
bool(true)
int(3)
Trident\Timer::tick(): Argument #1 ($ms) must be greater than or equal to 1
Trident\Timer::after(): Argument #1 ($ms) must be greater than or equal to 0
tick 1 T
after 300
after 300 woke
tick 2 T
tick 3 T
bool(true)
after 700: x y, in coroutine: yes
bool(true)
int(0)
