--TEST--
Channel: producers and consumers, FIFO hand-over, capacity, errCode, stats
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Channel;
use function Trident\go;

Trident\Coroutine\run(function () {
    $ch = new Channel(2);
    var_dump($ch->capacity, $ch->errCode, $ch->isEmpty(), $ch->isFull(), $ch->length());
    $log = [];
    // Two producers of 5 values each, one consumer: everything arrives, in a deterministic
    // order: blocked producers get into the buffer in the order they blocked.
    foreach (['a', 'b'] as $p) {
        go(function () use ($ch, $p, &$log) {
            for ($i = 0; $i < 5; $i++) {
                $ch->push("$p$i");
                $log[] = "pushed $p$i";
            }
        });
    }
    var_dump($ch->isFull(), $ch->stats());
    $got = [];
    for ($i = 0; $i < 10; $i++) $got[] = $ch->pop();
    echo implode(' ', $got), "\n";
    var_dump($ch->isEmpty());
    // a2 was accepted when the consumer made room, before b's first value.
    echo implode(',', array_slice($log, 0, 4)), "\n";

    // A value pushed to a waiting consumer skips the buffer.
    $c = new Channel(1);
    go(function () use ($c) {
        $v = $c->pop();
        echo "consumer got ", json_encode($v), "\n";
    });
    var_dump($c->stats()['consumer_num']);
    var_dump($c->push(['x' => 1]) && $c->isEmpty());
    Coroutine::sleep(0);

    // Any value type travels, by value semantics of PHP.
    $c->push($o = new stdClass);
    var_dump($c->pop() === $o);
});
?>
--EXPECT--
int(2)
int(0)
bool(true)
bool(false)
int(0)
bool(true)
array(3) {
  ["consumer_num"]=>
  int(0)
  ["producer_num"]=>
  int(2)
  ["queue_num"]=>
  int(2)
}
a0 a1 a2 b0 a3 a4 b1 b2 b3 b4
bool(true)
pushed a0,pushed a1,pushed a2,pushed a3
int(1)
bool(true)
consumer got {"x":1}
bool(true)
