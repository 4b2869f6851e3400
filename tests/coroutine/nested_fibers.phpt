--TEST--
Coroutines: nested coroutines, and userland Fibers inside coroutines (both directions)
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

Trident\Coroutine\run(function () {
    echo "-- nested coroutines run at once, parent continues when the child waits\n";
    go(function () {
        echo "child ", Coroutine::getCid(), " of ", Coroutine::getPcid(), "\n";
        go(function () {
            echo "grandchild ", Coroutine::getCid(), " of ", Coroutine::getPcid(), "\n";
            Coroutine::sleep(0.05);
            echo "grandchild done\n";
        });
        echo "child after grandchild started\n";
        Coroutine::sleep(0.01);
        echo "child done\n";
    });
    echo "parent after child started\n";

    echo "-- a Fiber in a coroutine: Fiber::suspend() returns to the coroutine\n";
    $f = new Fiber(function ($x) {
        $y = Fiber::suspend($x * 2);
        echo "fiber got $y\n";
        return 'fiber result';
    });
    $v = $f->start(21);
    echo "coroutine got $v\n";
    $f->resume('hello');
    echo $f->getReturn(), "\n";

    echo "-- a coroutine suspended inside a Fiber, others run meanwhile\n";
    go(function () {
        echo "other coroutine runs while the fiber sleeps\n";
    });
    $f2 = new Fiber(function () {
        echo "fiber cid ", Coroutine::getCid(), "\n";
        Coroutine::sleep(0.08);  // suspends the whole coroutine, Fiber included
        echo "fiber woke in the coroutine\n";
        $r = Fiber::suspend('suspended after sleeping');
        echo "fiber resumed with $r\n";
    });
    go(function () {
        Coroutine::sleep(0.02);
        echo "another coroutine ran during the fiber's sleep\n";
    });
    echo $f2->start(), "\n";
    $f2->resume('ok');
    var_dump($f2->isTerminated());

    echo "-- coroutines created inside a Fiber belong to no Fiber\n";
    $f3 = new Fiber(function () {
        go(function () {
            try {
                Fiber::suspend();
            } catch (FiberError $e) {
                echo "FiberError: ", $e->getMessage(), "\n";
            }
            Coroutine::sleep(0.01);  // back to the Fiber that created it
            echo "child of the fiber woke, pcid ", Coroutine::getPcid(), "\n";
        });
        echo "fiber continues after go()\n";
        Fiber::suspend('fiber suspended');
        echo "fiber resumed\n";
    });
    echo $f3->start(), "\n";
    Coroutine::sleep(0.05);
    $f3->resume();

    echo "-- a Fiber started in one coroutine, resumed from another\n";
    $shared = new Fiber(function () {
        $a = Coroutine::getCid();
        Fiber::suspend();
        echo "first ran in $a, now in ", Coroutine::getCid(), "\n";
    });
    $shared->start();
    go(function () use ($shared) {
        $shared->resume();
    });
});
echo "-- run() inside a Fiber\n";
$f = new Fiber(function () {
    Trident\Coroutine\run(function () {
        Coroutine::sleep(0.001);
        echo "coroutine in run() in a fiber\n";
    });
    Fiber::suspend('after run');
});
echo $f->start(), "\n";
?>
--EXPECT--
-- nested coroutines run at once, parent continues when the child waits
child 2 of 1
grandchild 3 of 2
child after grandchild started
parent after child started
-- a Fiber in a coroutine: Fiber::suspend() returns to the coroutine
coroutine got 42
fiber got hello
fiber result
-- a coroutine suspended inside a Fiber, others run meanwhile
other coroutine runs while the fiber sleeps
fiber cid 1
child done
another coroutine ran during the fiber's sleep
grandchild done
fiber woke in the coroutine
suspended after sleeping
fiber resumed with ok
bool(true)
-- coroutines created inside a Fiber belong to no Fiber
FiberError: Cannot suspend outside of a fiber
fiber continues after go()
fiber suspended
child of the fiber woke, pcid 1
fiber resumed
-- a Fiber started in one coroutine, resumed from another
first ran in 1, now in 7
-- run() inside a Fiber
coroutine in run() in a fiber
after run
