--TEST--
WaitGroup: wait for a group of coroutines, timeouts, misuse
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\WaitGroup;
use function Trident\go;

$wg = new WaitGroup();
var_dump($wg->wait());  // zero: no need to wait, even outside a coroutine
$wg->add();
try {
    $wg->wait();
} catch (Trident\Coroutine\Exception $e) {
    echo $e->getMessage(), "\n";
}
var_dump($wg->wait(0));
$wg->done();
try {
    $wg->done();
} catch (Trident\Coroutine\Exception $e) {
    echo $e->getMessage(), "\n";
}
try {
    new WaitGroup(-1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}

Trident\Coroutine\run(function () {
    $wg = new WaitGroup();
    $results = [];
    foreach ([30, 10, 20] as $ms) {
        $wg->add();
        go(function () use ($wg, $ms, &$results) {
            Coroutine::sleep($ms / 1000);
            $results[] = $ms;
            $wg->done();
        });
    }
    var_dump($wg->count());
    // Two waiters on the same group both wake, in the order they started waiting.
    go(function () use ($wg) {
        var_dump($wg->wait());
        echo "first waiter\n";
    });
    var_dump($wg->wait());
    echo implode(',', $results), "\n";
    var_dump($wg->count());

    $slow = new WaitGroup(1);
    go(function () use ($slow) {
        Coroutine::sleep(1.0);
        $slow->done();
    });
    $t = microtime(true);
    var_dump($slow->wait(0.02));
    var_dump(microtime(true) - $t < 0.5);   // timed out, long before done() (1 s)
    var_dump($slow->wait(5));
});
?>
--EXPECT--
bool(true)
Trident\Coroutine\WaitGroup::wait() can only be called inside a coroutine
bool(false)
Trident\Coroutine\WaitGroup::done(): the counter would become negative (0 - 1)
Trident\Coroutine\WaitGroup::__construct(): Argument #1 ($delta) must be greater than or equal to 0
int(3)
bool(true)
first waiter
bool(true)
10,20,30
int(0)
bool(false)
bool(true)
bool(true)
