--TEST--
Coroutines: exit() and die() end the current coroutine only; finally and defer run, catch does not
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/../support/child_process.inc';
// In a child process, to check the process's exit status too.
[$status, $out] = trident_run_child(<<<'PHP'
use Trident\Coroutine;
use function Trident\go;

Trident\Coroutine\run(function () {
    go(function () {
        Coroutine::defer(function () { echo "defer of the exiting coroutine\n"; });
        try {
            Coroutine::sleep(0.01);
            exit(3);
        } catch (Throwable $e) {
            echo "never caught\n";
        } finally {
            echo "finally runs\n";
        }
        echo "never reached\n";
    });
    go(function () {
        $msg = "die message\n";
        die($msg);
    });
    go(function () {
        Coroutine::sleep(0.02);
        echo "other coroutine continues\n";
    });
    go(function () {
        $f = new Fiber(function () {
            exit("exit inside a Fiber inside a coroutine\n");
        });
        $f->start();
        echo "never after the fiber\n";
    });
    exit();
});
echo "script continues\n";
exit(7);
PHP);
echo $out;
echo "status $status\n";
?>
--EXPECT--
die message
exit inside a Fiber inside a coroutine
finally runs
defer of the exiting coroutine
other coroutine continues
script continues
status 7
