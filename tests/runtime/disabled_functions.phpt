--TEST--
Hooked sleep family with disable_functions=usleep,time_nanosleep: the disabled functions stay absent (calling one is PHP's "undefined function" error), the others are hooked
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--INI--
disable_functions=usleep,time_nanosleep
--FILE--
<?php
use Trident\Runtime;
use function Trident\go;

var_dump(Runtime::enableCoroutine());
var_dump(function_exists('usleep'), function_exists('time_nanosleep'), function_exists('time_sleep_until'));
try { usleep(1); } catch (Error $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }

$t = microtime(true);
Trident\Coroutine\run(function () {
    for ($i = 0; $i < 5; $i++) go(fn() => time_sleep_until(microtime(true) + 0.2));
});
$wall = microtime(true) - $t;
echo "5 x time_sleep_until(+0.2 s) together (>= 0.2 s, < 0.6 s): ", var_export($wall >= 0.2 && $wall < 0.6, true), "\n";
var_dump(Runtime::enableCoroutine(0));
?>
--EXPECT--
bool(true)
bool(false)
bool(false)
bool(true)
Error: Call to undefined function usleep()
5 x time_sleep_until(+0.2 s) together (>= 0.2 s, < 0.6 s): true
bool(true)
