--TEST--
Coroutines: exceptions and finally across suspensions; an uncaught exception ends only its coroutine
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

Trident\Coroutine\run(function () {
    go(function () {
        try {
            try {
                Coroutine::sleep(0.1);
                throw new RuntimeException('inner');
            } finally {
                echo "finally 1 (cid ", Coroutine::getCid(), ")\n";
                Coroutine::sleep(0.1);  // a finally block may suspend too
                echo "finally 1 resumed\n";
            }
        } catch (RuntimeException $e) {
            echo "caught ", $e->getMessage(), "\n";
        }
    });
    go(function () {
        Coroutine::sleep(0.05);   // before the first one's 0.1 s
        throw new LogicException('uncaught in coroutine');
    });
    go(function () {
        Coroutine::sleep(0.4);   // after the first one's 0.2 s
        echo "third coroutine still runs\n";
    });
    // Exceptions thrown by a child's first run stay in the child: create() returns.
    $cid = go(function () {
        throw new DomainException('at once');
    });
    echo "create returned $cid\n";
});
echo "after run\n";

// With a user exception handler, it receives the uncaught exception instead of a warning.
set_exception_handler(function (Throwable $e) {
    echo "handler: ", get_class($e), " ", $e->getMessage(), "\n";
});
Trident\Coroutine\run(function () {
    Coroutine::sleep(0.001);
    throw new Exception('to the handler');
});
echo "end\n";
?>
--EXPECTF--
Warning: Uncaught DomainException: at once in %s:%d
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in %s on line %d
create returned 5

Warning: Uncaught LogicException: uncaught in coroutine in %s:%d
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in %s on line %d
finally 1 (cid 2)
finally 1 resumed
caught inner
third coroutine still runs
after run
handler: Exception to the handler
end
