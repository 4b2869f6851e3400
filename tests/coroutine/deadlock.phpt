--TEST--
Coroutine\run: coroutines that can never be woken are cancelled with a warning
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Channel;
use Trident\Coroutine\WaitGroup;
use function Trident\go;

$ok = Trident\Coroutine\run(function () {
    $ch = new Channel(1);
    go(function () use ($ch) {
        Coroutine::defer(fn() => print("defer of the blocked consumer\n"));
        try {
            $ch->pop();
            echo "never\n";
        } catch (Throwable $e) {
            echo "never caught\n";
        } finally {
            echo "finally of the blocked consumer\n";
            try {
                Coroutine::sleep(1);
            } catch (Trident\Coroutine\Exception $e) {
                echo $e->getMessage(), "\n";
            }
        }
    });
    $wg = new WaitGroup(1);
    go(function () use ($wg) {
        try {
            $wg->wait();
        } finally {
            echo "finally of the blocked waiter\n";
        }
    });
    echo "main returns\n";
});
var_dump($ok, Coroutine::stats()['coroutine_num']);
?>
--EXPECTF--
main returns

Warning: Trident\Coroutine\run(): 2 coroutine(s) waiting forever (deadlock): cancelled as if they called exit() in %s on line %d
finally of the blocked consumer
Trident\Coroutine::sleep() cannot suspend a coroutine that is being cancelled
defer of the blocked consumer
finally of the blocked waiter
bool(true)
int(0)
