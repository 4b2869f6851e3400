--TEST--
Hooked sleep family in Coroutine\run(): 10 coroutines each sleeping 0.2 s (usleep, time_nanosleep, time_sleep_until) take about 0.2 s in all, none wakes early, return values are PHP's; a ticker keeps ticking while another coroutine sleeps; after enableCoroutine(0) the same calls block (10 x 0.2 s)
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Runtime;
use function Trident\go;

// One of the three 0.2 s sleeps, by number; returns what the function returned.
function sleep_02(int $i): mixed {
    return match ($i % 3) {
        0 => usleep(200000),
        1 => time_nanosleep(0, 200000000),
        2 => time_sleep_until(microtime(true) + 0.2),
    };
}

// Runs 10 coroutines doing sleep_02(); returns [seconds in all, early wake-ups, results].
function ten_sleepers(): array {
    $early = 0;
    $results = [];
    $t0 = microtime(true);
    Trident\Coroutine\run(function () use (&$early, &$results) {
        for ($i = 0; $i < 10; $i++) {
            go(function () use ($i, &$early, &$results) {
                $t = hrtime(true);
                $results[$i] = sleep_02($i);
                if (hrtime(true) - $t < 200000000) $early++;
            });
        }
    });
    ksort($results);
    return [microtime(true) - $t0, $early, $results];
}

Runtime::enableCoroutine(Runtime::HOOK_ALL);
[$wall, $early, $results] = ten_sleepers();
echo "hooked: 10 x 0.2 s in < 0.6 s: ", var_export($wall < 0.6, true), sprintf(" (%.3f s)", $wall), "\n";
echo "hooked: none early: ", var_export($early === 0, true), "\n";
echo "hooked: results: ", json_encode($results), "\n";

// Return values of the other forms inside a coroutine.
Trident\Coroutine\run(function () {
    var_dump(sleep(0), usleep(0), time_nanosleep(0, 0), time_nanosleep(0, 1500000), usleep(1000));
});

// A ticker coroutine keeps ticking (every 10 ms) while another sleeps 0.3 s.
$ticks = 0;
$during = null;
Trident\Coroutine\run(function () use (&$ticks, &$during) {
    $stop = false;
    go(function () use (&$ticks, &$stop) {
        // Bounded: unhooked, usleep() never lets the other coroutine run.
        for ($i = 0; $i < 100 && !$stop; $i++) { usleep(10000); $ticks++; }
    });
    go(function () use (&$ticks, &$stop, &$during) {
        $before = $ticks;
        time_nanosleep(0, 300000000);
        $during = $ticks - $before;
        $stop = true;
    });
});
echo "ticks during a 0.3 s sleep >= 10: ", var_export($during >= 10, true), " (", $during, ")\n";

// Sub-millisecond sleeps stay sub-millisecond (a 1 ms timer would need >= 50 ms for 50 of
// them) and do not spin: the process sleeps most of the time.
Trident\Coroutine\run(function () {
    $ru = getrusage();
    $t = hrtime(true);
    for ($i = 0; $i < 50; $i++) usleep(100);
    $wall = (hrtime(true) - $t) / 1e9;
    $ru2 = getrusage();
    $cpu = ($ru2['ru_utime.tv_sec'] - $ru['ru_utime.tv_sec']) + ($ru2['ru_utime.tv_usec'] - $ru['ru_utime.tv_usec']) / 1e6
         + ($ru2['ru_stime.tv_sec'] - $ru['ru_stime.tv_sec']) + ($ru2['ru_stime.tv_usec'] - $ru['ru_stime.tv_usec']) / 1e6;
    echo "50 x usleep(100): >= 5 ms and < 50 ms: ", var_export($wall >= 0.005 && $wall < 0.05, true), sprintf(" (%.4f s)", $wall), "\n";
    echo "50 x usleep(100): CPU < half the time: ", var_export($cpu < $wall / 2, true), "\n";
});

// Sleeps of a few milliseconds keep PHP's precision too (the loop's timers alone round up
// to whole milliseconds and fire up to ~1 ms late: about 3 ms each), never shorter.
Trident\Coroutine\run(function () {
    $times = [];
    for ($i = 0; $i < 20; $i++) { $t = hrtime(true); usleep(1500); $times[] = (hrtime(true) - $t) / 1e9; }
    echo "20 x usleep(1500): none < 1.5 ms: ", var_export(min($times) >= 0.0015, true),
         ", mean < 2.5 ms: ", var_export(array_sum($times) / 20 < 0.0025, true), "\n";
});

// 200 at once (more than the precise timers kept at once): all done, none early.
$early = 0;
$done = 0;
Trident\Coroutine\run(function () use (&$early, &$done) {
    for ($i = 0; $i < 200; $i++) {
        go(function () use (&$early, &$done) {
            $t = hrtime(true);
            time_nanosleep(0, 1500000);
            if (hrtime(true) - $t < 1500000) $early++;
            $done++;
        });
    }
});
echo "200 x time_nanosleep(0, 1500000) at once: done $done, early $early\n";

var_dump(Runtime::enableCoroutine(0));
[$wall, $early, $results] = ten_sleepers();
echo "unhooked: 10 x 0.2 s one after the other (>= 2 s): ", var_export($wall >= 2.0, true), sprintf(" (%.3f s)", $wall), "\n";
echo "unhooked: results: ", json_encode($results), "\n";
?>
--EXPECTF--
hooked: 10 x 0.2 s in < 0.6 s: true (%f s)
hooked: none early: true
hooked: results: [null,true,true,null,true,true,null,true,true,null]
int(0)
NULL
bool(true)
bool(true)
NULL
ticks during a 0.3 s sleep >= 10: true (%d)
50 x usleep(100): >= 5 ms and < 50 ms: true (%f s)
50 x usleep(100): CPU < half the time: true
20 x usleep(1500): none < 1.5 ms: true, mean < 2.5 ms: true
200 x time_nanosleep(0, 1500000) at once: done 200, early 0
bool(true)
unhooked: 10 x 0.2 s one after the other (>= 2 s): true (%f s)
unhooked: results: [null,true,true,null,true,true,null,true,true,null]
