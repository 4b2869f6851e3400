--TEST--
Channel: push/pop timeouts, close wakes waiters, pop drains after close, misuse
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Channel;
use function Trident\go;

// Without a coroutine, operations that need not wait work; waiting throws.
$ch = new Channel(1);
var_dump($ch->push(1), $ch->push(2, 0), $ch->errCode === Channel::TIMEOUT, $ch->pop(), $ch->pop(0));
try {
    $ch->pop();
} catch (Trident\Coroutine\Exception $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
try {
    new Channel(0);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}

Trident\Coroutine\run(function () {
    $ch = new Channel(1);
    $t = microtime(true);
    var_dump($ch->pop(0.05));
    $waited = microtime(true) - $t;
    var_dump($ch->errCode === Channel::TIMEOUT, $waited >= 0.05 && $waited < 1.0);
    $ch->push('full');
    var_dump($ch->push('more', 0.02), $ch->errCode);
    var_dump($ch->pop(), $ch->errCode);

    // close() wakes every waiting consumer with false / CLOSED.
    $empty = new Channel(1);
    for ($i = 1; $i <= 2; $i++) {
        go(function () use ($empty, $i) {
            $v = $empty->pop(5);
            echo "consumer $i: ", var_export($v, true), " errCode=", $empty->errCode, "\n";
        });
    }
    var_dump($empty->close(), $empty->close());
    Coroutine::sleep(0.01);

    // ... and every waiting producer; their values are dropped.
    $full = new Channel(1);
    $full->push('kept');
    go(function () use ($full) {
        var_dump($full->push('dropped'));
        echo "producer errCode=", $full->errCode, "\n";
    });
    $full->close();
    Coroutine::sleep(0.01);
    var_dump($full->push('late'), $full->errCode === Channel::CLOSED);
    // A closed channel still hands out what it buffered, then reports CLOSED.
    var_dump($full->pop(), $full->pop(), $full->errCode === Channel::CLOSED);

    // A consumer that timed out does not steal a later value.
    $c = new Channel(1);
    go(function () use ($c) {
        var_dump($c->pop(0.01));
    });
    Coroutine::sleep(0.05);
    $c->push('for the next one');
    var_dump($c->length(), $c->pop());
});
?>
--EXPECT--
bool(true)
bool(false)
bool(true)
int(1)
bool(false)
Trident\Coroutine\Exception: Trident\Coroutine\Channel::pop() can only be called inside a coroutine
Trident\Coroutine\Channel::__construct(): Argument #1 ($capacity) must be greater than or equal to 1
bool(false)
bool(true)
bool(true)
bool(false)
int(-1)
string(4) "full"
int(0)
bool(true)
bool(false)
consumer 1: false errCode=-2
consumer 2: false errCode=-2
bool(false)
producer errCode=-2
bool(false)
bool(true)
string(4) "kept"
bool(false)
bool(true)
bool(false)
int(1)
string(16) "for the next one"
