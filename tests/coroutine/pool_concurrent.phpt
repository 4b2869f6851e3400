--TEST--
Pool: 50 coroutines share a pool of 5 (each holds a connection across a sleep): all finish, at most 5 are made and in use at once
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Pool;
use Trident\Coroutine\WaitGroup;
use function Trident\go;

Trident\Coroutine\run(function () {
    $made = 0;
    $pool = new Pool(function () use (&$made) {
        Coroutine::sleep(0.001);  // connecting takes a while: the slot is reserved meanwhile
        return new ArrayObject(['id' => ++$made, 'uses' => 0]);
    }, 5);
    $inUse = 0;
    $maxInUse = 0;
    $done = 0;
    $wg = new WaitGroup();
    $t = microtime(true);
    for ($i = 0; $i < 50; $i++) {
        $wg->add();
        go(function () use ($pool, $wg, &$inUse, &$maxInUse, &$done) {
            try {
                $c = $pool->get(10);
                $maxInUse = max($maxInUse, ++$inUse);
                $c['uses']++;
                Coroutine::sleep(0.01);
                $inUse--;
                $pool->put($c);
                $done++;
            } finally {
                $wg->done();
            }
        });
    }
    var_dump($wg->wait(10));
    $elapsed = microtime(true) - $t;
    echo "done $done, made $made, max in use $maxInUse\n";
    echo json_encode($pool->stats()), "\n";
    // 10 rounds of 10 ms: well under the 500 ms it would take one at a time.
    var_dump($elapsed < 0.45);
    $uses = 0;
    for ($i = 0; $i < 5; $i++) $uses += $pool->get()['uses'];
    echo "uses $uses\n";
});
?>
--EXPECT--
bool(true)
done 50, made 5, max in use 5
{"size":5,"created":5,"idle":5,"in_use":0,"waiting":0}
bool(true)
uses 50
