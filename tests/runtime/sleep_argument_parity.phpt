--TEST--
Hooked sleep family inside a coroutine: every argument error, warning and return value is the one PHP's own function gives (the same calls run unhooked, then hooked, in one process)
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Runtime;

// Each call returns quickly: errors, the "past" warning, zero and tiny sleeps.
function calls(): array {
    return [
        'sleep(-1)' => fn() => sleep(-1),
        'sleep("x")' => fn() => sleep("x"),
        'sleep(0.5)' => fn() => sleep(0.5),
        'sleep()' => fn() => sleep(...[]),
        'sleep(0)' => fn() => sleep(0),
        'sleep(PHP_INT_MIN)' => fn() => sleep(PHP_INT_MIN),
        'usleep(-1)' => fn() => usleep(-1),
        'usleep(null)' => fn() => usleep(null),
        'usleep(0)' => fn() => usleep(0),
        'usleep(1500)' => fn() => usleep(1500),
        'time_nanosleep(-1, 0)' => fn() => time_nanosleep(-1, 0),
        'time_nanosleep(0, -1)' => fn() => time_nanosleep(0, -1),
        'time_nanosleep(-1, -1)' => fn() => time_nanosleep(-1, -1),
        'time_nanosleep(0, 1000000000)' => fn() => time_nanosleep(0, 1000000000),
        'time_nanosleep(0)' => fn() => time_nanosleep(...[0]),
        'time_nanosleep(0, 0)' => fn() => time_nanosleep(0, 0),
        'time_nanosleep(0, 999)' => fn() => time_nanosleep(0, 999),
        'time_sleep_until(-1)' => fn() => time_sleep_until(-1),
        'time_sleep_until(NAN)' => fn() => time_sleep_until(NAN),
        'time_sleep_until(INF)' => fn() => time_sleep_until(INF),
        'time_sleep_until(1e30)' => fn() => time_sleep_until(1e30),
        'time_sleep_until("soon")' => fn() => time_sleep_until("soon"),
        'time_sleep_until(past)' => fn() => time_sleep_until(microtime(true) - 10),
        'time_sleep_until(now + 1 ms)' => fn() => time_sleep_until(microtime(true) + 0.001),
    ];
}

// What a call shows: its result, or the Throwable; warnings and deprecations included.
function outcome(callable $f): string {
    $notes = [];
    set_error_handler(function (int $no, string $msg) use (&$notes) { $notes[] = "[$no] $msg"; return true; });
    try {
        $shown = 'returns ' . var_export($f(), true);
    } catch (Throwable $e) {
        $shown = get_class($e) . ': ' . $e->getMessage();
    } finally {
        restore_error_handler();
    }
    return implode(' ', array_merge($notes, [$shown]));
}

function all_outcomes(): array {
    $out = [];
    Trident\Coroutine\run(function () use (&$out) {
        foreach (calls() as $name => $f) $out[$name] = outcome($f);
    });
    return $out;
}

Runtime::enableCoroutine(0);
$php = all_outcomes();
Runtime::enableCoroutine(Runtime::HOOK_SLEEP);
$hooked = all_outcomes();
foreach ($php as $name => $o) {
    echo $name, ": ", $o === $hooked[$name] ? "same" : "DIFFERENT: hooked " . $hooked[$name], " -- ", $o, "\n";
}
?>
--EXPECT--
sleep(-1): same -- ValueError: sleep(): Argument #1 ($seconds) must be greater than or equal to 0
sleep("x"): same -- TypeError: sleep(): Argument #1 ($seconds) must be of type int, string given
sleep(0.5): same -- [8192] Implicit conversion from float 0.5 to int loses precision returns 0
sleep(): same -- ArgumentCountError: sleep() expects exactly 1 argument, 0 given
sleep(0): same -- returns 0
sleep(PHP_INT_MIN): same -- ValueError: sleep(): Argument #1 ($seconds) must be greater than or equal to 0
usleep(-1): same -- ValueError: usleep(): Argument #1 ($microseconds) must be greater than or equal to 0
usleep(null): same -- [8192] usleep(): Passing null to parameter #1 ($microseconds) of type int is deprecated returns NULL
usleep(0): same -- returns NULL
usleep(1500): same -- returns NULL
time_nanosleep(-1, 0): same -- ValueError: time_nanosleep(): Argument #1 ($seconds) must be greater than or equal to 0
time_nanosleep(0, -1): same -- ValueError: time_nanosleep(): Argument #2 ($nanoseconds) must be greater than or equal to 0
time_nanosleep(-1, -1): same -- ValueError: time_nanosleep(): Argument #1 ($seconds) must be greater than or equal to 0
time_nanosleep(0, 1000000000): same -- ValueError: Nanoseconds was not in the range 0 to 999 999 999 or seconds was negative
time_nanosleep(0): same -- ArgumentCountError: time_nanosleep() expects exactly 2 arguments, 1 given
time_nanosleep(0, 0): same -- returns true
time_nanosleep(0, 999): same -- returns true
time_sleep_until(-1): same -- ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073
time_sleep_until(NAN): same -- ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073
time_sleep_until(INF): same -- ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073
time_sleep_until(1e30): same -- ValueError: time_sleep_until(): Argument #1 ($timestamp) must be between 0 and 18446744073
time_sleep_until("soon"): same -- TypeError: time_sleep_until(): Argument #1 ($timestamp) must be of type float, string given
time_sleep_until(past): same -- [2] time_sleep_until(): Argument #1 ($timestamp) must be greater than or equal to the current time returns false
time_sleep_until(now + 1 ms): same -- returns true
