--TEST--
Trident\Runtime: HOOK_* values, getHookFlags() (0 until enabled), enableCoroutine() with no argument (HOOK_ALL), a subset, 0 (all off), unknown bits refused with a ValueError
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Runtime;

$rc = new ReflectionClass(Runtime::class);
echo "final: ", var_export($rc->isFinal(), true), "\n";
foreach ($rc->getConstants() as $name => $value) echo "$name = $value\n";
echo "default of \$flags: ", $rc->getMethod('enableCoroutine')->getParameters()[0]->getDefaultValueConstantName(), "\n";

echo "initially: ", Runtime::getHookFlags(), "\n";
var_dump(Runtime::enableCoroutine());
echo "after enableCoroutine(): ", Runtime::getHookFlags(), "\n";
var_dump(Runtime::enableCoroutine(Runtime::HOOK_SLEEP | Runtime::HOOK_TCP));
echo "after HOOK_SLEEP | HOOK_TCP: ", Runtime::getHookFlags(), "\n";
foreach ([Runtime::HOOK_ALL + 1, -1, 1 << 40, PHP_INT_MIN] as $bad) {
    try {
        Runtime::enableCoroutine($bad);
        echo "$bad: accepted\n";
    } catch (ValueError $e) {
        echo "$bad: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
echo "unchanged after refusals: ", Runtime::getHookFlags(), "\n";
try { Runtime::enableCoroutine("all"); } catch (TypeError $e) { echo get_class($e), ": ", $e->getMessage(), "\n"; }
var_dump(Runtime::enableCoroutine(0));
echo "after enableCoroutine(0): ", Runtime::getHookFlags(), "\n";
?>
--EXPECT--
final: true
HOOK_TCP = 1
HOOK_UDP = 2
HOOK_UNIX = 4
HOOK_UDG = 8
HOOK_SSL = 16
HOOK_TLS = 32
HOOK_STREAM_FUNCTION = 64
HOOK_SLEEP = 128
HOOK_PROC = 256
HOOK_CURL = 512
HOOK_DNS = 1024
HOOK_PGSQL = 2048
HOOK_ALL = 4095
default of $flags: Trident\Runtime::HOOK_ALL
initially: 0
bool(true)
after enableCoroutine(): 4095
bool(true)
after HOOK_SLEEP | HOOK_TCP: 129
4096: ValueError: Trident\Runtime::enableCoroutine(): Argument #1 ($flags) must be a combination of the Trident\Runtime::HOOK_* constants
-1: ValueError: Trident\Runtime::enableCoroutine(): Argument #1 ($flags) must be a combination of the Trident\Runtime::HOOK_* constants
1099511627776: ValueError: Trident\Runtime::enableCoroutine(): Argument #1 ($flags) must be a combination of the Trident\Runtime::HOOK_* constants
-9223372036854775808: ValueError: Trident\Runtime::enableCoroutine(): Argument #1 ($flags) must be a combination of the Trident\Runtime::HOOK_* constants
unchanged after refusals: 129
TypeError: Trident\Runtime::enableCoroutine(): Argument #1 ($flags) must be of type int, string given
bool(true)
after enableCoroutine(0): 0
