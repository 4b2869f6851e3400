--TEST--
Hooked sleep family where no coroutine can switch: outside any coroutine, in a destructor inside a coroutine and in a shutdown function it blocks like PHP's own (same results, same duration, no error); a ticker coroutine does not run during a destructor's sleep
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Runtime;
use function Trident\go;

Runtime::enableCoroutine();

// Outside any coroutine: PHP's own functions, blocking.
$t = microtime(true);
var_dump(usleep(100000), time_nanosleep(0, 100000000), time_sleep_until(microtime(true) + 0.1), sleep(0));
$wall = microtime(true) - $t;
echo "outside a coroutine, 3 x 0.1 s block (>= 0.3 s): ", var_export($wall >= 0.3, true), "\n";

// In a destructor the coroutine cannot switch: the sleep blocks the process, so the ticker
// (which would tick every 10 ms) gets no turn during it, and nothing is thrown.
class SleepsOnDestruct {
    public function __destruct() {
        $GLOBALS['ticks_before'] = $GLOBALS['ticks'];
        $t = microtime(true);
        $r = usleep(100000);
        $GLOBALS['destructor'] = [$r, microtime(true) - $t >= 0.1, $GLOBALS['ticks'] - $GLOBALS['ticks_before']];
    }
}
$ticks = 0;
Trident\Coroutine\run(function () {
    $stop = false;
    go(function () use (&$stop) {
        // Bounded: unhooked, usleep() never lets the other coroutine run.
        for ($i = 0; $i < 100 && !$stop; $i++) { usleep(10000); $GLOBALS['ticks']++; }
    });
    go(function () use (&$stop) {
        usleep(30000);
        $o = new SleepsOnDestruct();
        unset($o);
        $stop = true;
    });
});
[$r, $blocked, $ticked] = $destructor;
echo "destructor: usleep returned ", var_export($r, true), ", blocked 0.1 s: ", var_export($blocked, true), ", ticks meanwhile: $ticked\n";

register_shutdown_function(function () {
    $t = microtime(true);
    $r = time_nanosleep(0, 100000000);
    echo "shutdown function: ", var_export($r, true), ", blocked 0.1 s: ", var_export(microtime(true) - $t >= 0.1, true), "\n";
});
echo "end of script\n";
?>
--EXPECT--
NULL
bool(true)
bool(true)
int(0)
outside a coroutine, 3 x 0.1 s block (>= 0.3 s): true
destructor: usleep returned NULL, blocked 0.1 s: true, ticks meanwhile: 0
end of script
shutdown function: true, blocked 0.1 s: true
