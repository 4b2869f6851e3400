--TEST--
Coroutines: misuse gets a clear exception
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

function attempt(callable $f) {
    try {
        $f();
        echo "no exception\n";
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
}

attempt(fn() => go(fn() => 1));
attempt(fn() => Coroutine::create(fn() => 1));
attempt(fn() => Coroutine::sleep(0.1));
attempt(fn() => Trident\Coroutine\run('no_such_function'));
var_dump(is_subclass_of(Trident\Coroutine\Exception::class, Trident\Exception::class));

Trident\Coroutine\run(function () {
    attempt(fn() => Trident\Coroutine\run(fn() => 1));
    attempt(fn() => Coroutine::sleep(-1));
    attempt(fn() => Coroutine::sleep(NAN));
    attempt(fn() => go('no_such_function'));
    // Callables of every kind, with arguments.
    class K {
        public function m($a) { echo "method $a\n"; }
        public static function s($a, $b) { echo "static $a $b\n"; }
        public function __call($n, $a) { echo "__call $n ", implode(',', $a), "\n"; }
    }
    go([new K, 'm'], 1);
    go('K::s', 2, 3);
    go([new K, 'magic'], 4, 5);
    go('printf', "%s %s\n", 'printf', 'works');
    go(fn(...$xs) => print(implode('+', $xs) . "\n"), 1, 2, 3);
});
// After run() the scheduler is gone again.
attempt(fn() => go(fn() => 1));
?>
--EXPECT--
Trident\Coroutine\Exception: Trident\go() needs a scheduler: call it inside Trident\Coroutine\run() or a server callback
Trident\Coroutine\Exception: Trident\Coroutine::create() needs a scheduler: call it inside Trident\Coroutine\run() or a server callback
Trident\Coroutine\Exception: Trident\Coroutine::sleep() can only be called inside a coroutine
TypeError: Trident\Coroutine\run(): Argument #1 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
bool(true)
Trident\Coroutine\Exception: Trident\Coroutine\run() cannot be used inside a coroutine or while a scheduler runs (a server worker, or another run())
ValueError: Trident\Coroutine::sleep(): Argument #1 ($seconds) must be greater than or equal to 0
ValueError: Trident\Coroutine::sleep(): Argument #1 ($seconds) must be greater than or equal to 0
TypeError: Trident\go(): Argument #1 ($callback) must be a valid callback, function "no_such_function" not found or invalid function name
method 1
static 2 3
__call magic 4,5
printf works
1+2+3
Trident\Coroutine\Exception: Trident\go() needs a scheduler: call it inside Trident\Coroutine\run() or a server callback
