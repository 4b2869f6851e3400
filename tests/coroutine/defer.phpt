--TEST--
Coroutine::defer: last registered runs first, also on exceptions and exit()
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

try {
    Coroutine::defer(fn() => 1);
} catch (Trident\Coroutine\Exception $e) {
    echo $e->getMessage(), "\n";
}

Trident\Coroutine\run(function () {
    go(function () {
        for ($i = 1; $i <= 3; $i++) Coroutine::defer(function () use ($i) { echo "defer $i\n"; });
        Coroutine::sleep(0.001);
        echo "body done\n";
    });
    Coroutine::sleep(0.05);
    echo "-- on an uncaught exception, before it is reported\n";
    go(function () {
        Coroutine::defer(function () {
            echo "defer sees the coroutine ", Coroutine::getCid(), "\n";
            Coroutine::sleep(0.001);  // deferred callbacks may suspend
            echo "defer after sleeping\n";
        });
        throw new RuntimeException('body failed');
    });
    Coroutine::sleep(0.05);
    echo "-- a throwing defer chains the earlier exception as previous\n";
    set_exception_handler(function (Throwable $e) {
        echo "handler: ", $e->getMessage(), " <- ", $e->getPrevious()?->getMessage(), "\n";
    });
    go(function () {
        Coroutine::defer(function () { throw new LogicException('defer failed'); });
        throw new RuntimeException('body failed');
    });
    echo "-- on exit()\n";
    go(function () {
        Coroutine::defer(function () { echo "defer after exit\n"; });
        exit();
    });
    echo "-- a throwing defer after exit() is reported\n";
    go(function () {
        Coroutine::defer(function () { throw new Exception('defer after exit failed'); });
        exit();
    });
});
?>
--EXPECTF--
Trident\Coroutine::defer() can only be called inside a coroutine
body done
defer 3
defer 2
defer 1
-- on an uncaught exception, before it is reported
defer sees the coroutine 3
defer after sleeping

Warning: Uncaught RuntimeException: body failed in %s:%d
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in %s on line %d
-- a throwing defer chains the earlier exception as previous
handler: defer failed <- body failed
-- on exit()
defer after exit
-- a throwing defer after exit() is reported
handler: defer after exit failed <- 
