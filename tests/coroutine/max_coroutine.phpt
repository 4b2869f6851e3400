--TEST--
Coroutines: trident.max_coroutine caps the live coroutines
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--INI--
trident.max_coroutine=5
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

var_dump(ini_get('trident.max_coroutine'), Coroutine::stats()['max_coroutine']);
var_dump(ini_set('trident.max_coroutine', '0'), ini_set('trident.max_coroutine', 'x'));
Trident\Coroutine\run(function () {
    // This coroutine counts: 4 more fit.
    for ($i = 0; $i < 4; $i++) go(fn() => Coroutine::sleep(0.01));
    var_dump(count(Coroutine::list()));
    try {
        go(fn() => print("never\n"));
    } catch (Trident\Coroutine\Exception $e) {
        echo $e->getMessage(), "\n";
    }
    // A timer callback that cannot get a coroutine is skipped with a warning.
    Trident\Timer::after(0, fn() => print("never\n"));
    Coroutine::sleep(0);
    Coroutine::sleep(0.1);   // the four 0.01 s sleepers are done
    // Finished coroutines free their place.
    var_dump(count(Coroutine::list()), is_int(go(fn() => 1)));
    ini_set('trident.max_coroutine', '1');
    try {
        go(fn() => 1);
    } catch (Trident\Coroutine\Exception $e) {
        echo $e->getMessage(), "\n";
    }
});
?>
--EXPECTF--
string(1) "5"
int(5)
bool(false)
bool(false)
int(5)
Trident\go(): the maximum number of coroutines (5) is reached (trident.max_coroutine)

Warning: Trident\Timer: callback of timer 1 skipped: the maximum number of coroutines (5) is reached in %s on line %d
int(1)
bool(true)
Trident\go(): the maximum number of coroutines (1) is reached (trident.max_coroutine)
