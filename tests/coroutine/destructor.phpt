--TEST--
Coroutines: suspending or creating a coroutine in a destructor throws a clear exception
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Channel;

class SleepsInDestructor {
    public function __destruct() {
        try {
            Coroutine::sleep(0.01);
            echo "never\n";
        } catch (Trident\Coroutine\Exception $e) {
            echo $e->getMessage(), "\n";
        }
        try {
            (new Channel(1))->pop(1);
        } catch (Trident\Coroutine\Exception $e) {
            echo $e->getMessage(), "\n";
        }
        try {
            Trident\go(fn() => 1);
        } catch (Trident\Coroutine\Exception $e) {
            echo $e->getMessage(), "\n";
        }
        // What needs no switch still works.
        $ch = new Channel(1);
        $ch->push('ok');
        echo "non-blocking channel use: ", $ch->pop(), "\n";
    }
}

Trident\Coroutine\run(function () {
    $o = new SleepsInDestructor();
    unset($o);
    echo "coroutine goes on\n";
    Coroutine::sleep(0.001);
    echo "and can still suspend\n";
});
?>
--EXPECT--
Trident\Coroutine::sleep() cannot suspend here: switching coroutines is impossible in a destructor, during garbage collection and at shutdown
Trident\Coroutine\Channel::pop() cannot suspend here: switching coroutines is impossible in a destructor, during garbage collection and at shutdown
Trident\go() cannot start a coroutine here: switching coroutines is impossible in a destructor, during garbage collection and at shutdown
non-blocking channel use: ok
coroutine goes on
and can still suspend
