--TEST--
Coroutine: getCid, getPcid, exists, list, stats inside and outside coroutines
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded'); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;

var_dump(Coroutine::getCid(), Coroutine::getPcid(), Coroutine::exists(1), Coroutine::list());
var_dump(array_keys(Coroutine::stats()));

Trident\Coroutine\run(function () {
    $child = go(function () {
        Coroutine::sleep(0.02);
    });
    $grandparent_gone = go(function () {
        return go(function () {
            Coroutine::sleep(0.01);
            echo "pcid of a coroutine whose parent ended: ", Coroutine::getPcid(), "\n";
        });
    });
    var_dump(Coroutine::getCid(), Coroutine::getPcid(), $child, Coroutine::getPcid($child));
    var_dump(Coroutine::exists($child), Coroutine::exists($grandparent_gone), Coroutine::exists(999));
    var_dump(Coroutine::getPcid(999));
    var_dump(Coroutine::list());
    $s = Coroutine::stats();
    var_dump($s['coroutine_num'], $s['coroutine_peak_num'], $s['coroutine_last_cid']);
    Coroutine::sleep(0.05);
    var_dump(Coroutine::exists($child), Coroutine::list());
});
$s = Coroutine::stats();
var_dump($s['coroutine_num'], $s['coroutine_pool_size'] > 0, $s['c_stack_size'] === (int) ini_get('fiber.stack_size') || ini_get('fiber.stack_size') === false || $s['c_stack_size'] > 0);
?>
--EXPECT--
int(-1)
bool(false)
bool(false)
array(0) {
}
array(7) {
  [0]=>
  string(13) "coroutine_num"
  [1]=>
  string(18) "coroutine_peak_num"
  [2]=>
  string(18) "coroutine_last_cid"
  [3]=>
  string(19) "coroutine_pool_size"
  [4]=>
  string(13) "max_coroutine"
  [5]=>
  string(12) "c_stack_size"
  [6]=>
  string(9) "timer_num"
}
int(1)
int(-1)
int(2)
int(1)
bool(true)
bool(false)
bool(false)
bool(false)
array(3) {
  [0]=>
  int(1)
  [1]=>
  int(2)
  [2]=>
  int(4)
}
int(3)
int(4)
int(4)
pcid of a coroutine whose parent ended: 3
bool(false)
array(1) {
  [0]=>
  int(1)
}
int(0)
bool(true)
bool(true)
