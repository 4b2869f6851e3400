--TEST--
Coroutines: each coroutine has its own output buffers
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

ob_start();
echo "main buffered\n";
Trident\Coroutine\run(function () {
    $a = null;
    go(function () use (&$a) {
        ob_start();
        echo "A1 ";
        Coroutine::sleep(0.01);
        echo "A2 ";
        ob_start();  // nested, across another suspension
        echo "A3";
        Coroutine::sleep(0.01);
        $inner = ob_get_clean();
        $a = ob_get_clean() . "[$inner]";
    });
    go(function () {
        ob_start();
        echo "B1 ";
        Coroutine::sleep(0.005);
        echo "B2 ";
        Coroutine::sleep(0.01);
        $b = ob_get_clean();
        echo "B saw: $b\n";  // no buffer left: straight to the output
    });
    echo "coroutine 1 output is not in main's buffer, level ", ob_get_level(), "\n";
    Coroutine::sleep(0.05);
    echo "A saw: $a\n";
    go(function () {
        ob_start();
        echo "left open: flushed when the coroutine ends\n";
    });
});
$main = ob_get_clean();
echo "main's buffer: $main";
?>
--EXPECT--
coroutine 1 output is not in main's buffer, level 0
B saw: B1 B2 
A saw: A1 A2 [A3]
left open: flushed when the coroutine ends
main's buffer: main buffered
