--TEST--
Coroutines: a fatal error in a coroutine ends the process with status 255
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
require __DIR__ . '/../support/child_process.inc';
$fatal = ['TRIDENT_VG_TAG' => 'fatal'];

echo "-- E_USER_ERROR after a suspension\n";
[$status, $out] = trident_run_child(<<<'PHP'
use Trident\Coroutine;
use function Trident\go;
register_shutdown_function(function () { echo "shutdown function\n"; });
Trident\Coroutine\run(function () {
    go(function () {
        Coroutine::sleep(0.05);
        echo "never: the process is gone\n";
    });
    go(function () {
        try {
            Coroutine::sleep(0.01);
            trigger_error("boom", E_USER_ERROR);
        } finally {
            echo "never: no finally after a fatal error\n";
        }
    });
});
echo "never after run\n";
PHP, [], $fatal);
echo $out, "status $status\n";

echo "-- fatal error in a nested coroutine's first run\n";
[$status, $out] = trident_run_child(<<<'PHP'
Trident\Coroutine\run(function () {
    Trident\go(function () {
        Trident\go(function () { undefined_function_is_an_error(); });
        echo "an Error exception is not fatal\n";
        Trident\go(function () { trigger_error("nested fatal", E_USER_ERROR); });
        echo "never\n";
    });
});
PHP, [], $fatal);
echo $out, "status $status\n";

echo "-- fatal error inside a Fiber inside a coroutine\n";
[$status, $out] = trident_run_child(<<<'PHP'
Trident\Coroutine\run(function () {
    $f = new Fiber(function () {
        Trident\Coroutine::sleep(0.001);
        trigger_error("fiber fatal", E_USER_ERROR);
    });
    $f->start();
    echo "never\n";
});
PHP, [], $fatal);
echo $out, "status $status\n";

echo "-- out of memory (unwinds instead of bailing out)\n";
[$status, $out] = trident_run_child(<<<'PHP'
Trident\Coroutine\run(function () {
    Trident\go(function () {
        Trident\Coroutine::sleep(0.05);
        echo "never\n";
    });
    Trident\Coroutine::sleep(0.001);
    $a = [];
    for ($i = 0; ; $i++) $a[] = str_repeat('x', 1024);
});
echo "never after run\n";
// memory_limit needs PHP's allocator.
PHP, ['memory_limit' => '16M'], ['USE_ZEND_ALLOC' => '1'] + $fatal);
echo preg_replace('/\d+ bytes/', 'N bytes', $out), "status $status\n";
?>
--EXPECT--
-- E_USER_ERROR after a suspension

Fatal error: boom in SCRIPT on line 13
shutdown function
status 255
-- fatal error in a nested coroutine's first run

Warning: Uncaught Error: Call to undefined function undefined_function_is_an_error() in SCRIPT:4
Stack trace:
#0 [internal function]: {closure}()
#1 {main}
  thrown in SCRIPT on line 4
an Error exception is not fatal

Fatal error: nested fatal in SCRIPT on line 6
status 255
-- fatal error inside a Fiber inside a coroutine

Fatal error: fiber fatal in SCRIPT on line 5
status 255
-- out of memory (unwinds instead of bailing out)

Fatal error: Allowed memory size of N bytes exhausted (tried to allocate N bytes) in SCRIPT on line 9
status 255
