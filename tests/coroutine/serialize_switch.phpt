--TEST--
Coroutines: switching inside __sleep/__wakeup keeps each serialization apart
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

class Slow {
    public $name;
    public $self;
    public function __construct($name) { $this->name = $name; $this->self = $this; }
    public function __sleep() {
        Coroutine::sleep(0.01);  // another coroutine serializes meanwhile
        return ['name', 'self'];
    }
    public function __wakeup() {
        Coroutine::sleep(0.005);
    }
}

Trident\Coroutine\run(function () {
    $out = [];
    foreach (['a', 'b', 'c'] as $n) {
        go(function () use ($n, &$out) {
            $o = new Slow($n);
            $s = serialize([$o, $o]);
            $back = unserialize($s);
            $out[$n] = [$s, $back[0]->name, $back[0] === $back[1], $back[0]->self === $back[0]];
        });
    }
    Coroutine::sleep(0.1);
    ksort($out);
    foreach ($out as $n => [$s, $name, $same, $selfRef]) {
        echo "$n: $s ", $name, " ", var_export($same, true), " ", var_export($selfRef, true), "\n";
    }
});
// The objects reference themselves: only the cycle collector frees them (checked under
// valgrind, where PHP reports cycles left at shutdown as leaks).
var_dump(gc_collect_cycles() >= 6);
?>
--EXPECT--
a: a:2:{i:0;O:4:"Slow":2:{s:4:"name";s:1:"a";s:4:"self";r:2;}i:1;r:2;} a true true
b: a:2:{i:0;O:4:"Slow":2:{s:4:"name";s:1:"b";s:4:"self";r:2;}i:1;r:2;} b true true
c: a:2:{i:0;O:4:"Slow":2:{s:4:"name";s:1:"c";s:4:"self";r:2;}i:1;r:2;} c true true
bool(true)
