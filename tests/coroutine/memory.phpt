--TEST--
Coroutines: 100,000 coroutines created and finished, memory stays flat
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use Trident\Coroutine\Channel;
use Trident\Coroutine\WaitGroup;
use function Trident\go;

// 20 waves of 5,000 coroutines that are alive at the same time (each waits, uses a channel
// and a deferred callback), plus nested ones; memory is measured after the first wave
// (pools and tables warmed up) and after the last.
$usage = [];
Trident\Coroutine\run(function () use (&$usage) {
    for ($wave = 0; $wave < 20; $wave++) {
        $wg = new WaitGroup();
        $ch = new Channel(100);
        for ($i = 0; $i < 5000; $i++) {
            $wg->add();
            go(function () use ($wg, $ch, $i) {
                Coroutine::defer(fn() => $wg->done());
                Coroutine::sleep(0);
                if ($i % 10 === 0) go(fn() => $ch->push($i, 0));
                $ch->pop(0);
            });
        }
        $wg->wait();
        unset($wg, $ch);
        if ($wave === 0 || $wave === 19) $usage[] = memory_get_usage();
    }
});
$stats = Coroutine::stats();
var_dump($stats['coroutine_num'], $stats['coroutine_last_cid'] >= 100000 + 10000);
$growth = $usage[1] - $usage[0];
echo $growth < 16384 ? "flat\n" : "grew by $growth bytes\n";
?>
--EXPECT--
int(0)
bool(true)
flat
