--TEST--
Misuse: Request and Response cannot be created or unserialized from userland (private constructor, final)
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
use Trident\Http\Request;
use Trident\Http\Response;

foreach ([Request::class, Response::class] as $class) {
    try {
        new $class();
        echo "$class: constructed!\n";
    } catch (Error $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    try {
        (new ReflectionClass($class))->newInstanceWithoutConstructor();
        echo "$class: instantiated without constructor!\n";
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    try {
        unserialize('O:' . strlen($class) . ':"' . $class . '":0:{}');
        echo "$class: unserialized!\n";
    } catch (Throwable $e) {
        echo get_class($e), ": ", $e->getMessage(), "\n";
    }
    $rc = new ReflectionClass($class);
    echo "$class final: ", var_export($rc->isFinal(), true), ", constructor private: ", var_export($rc->getConstructor()->isPrivate(), true), "\n";
}
?>
--EXPECT--
Error: Call to private Trident\Http\Request::__construct() from global scope
ReflectionException: Class Trident\Http\Request is an internal class marked as final that cannot be instantiated without invoking its constructor
Exception: Unserialization of 'Trident\Http\Request' is not allowed
Trident\Http\Request final: true, constructor private: true
Error: Call to private Trident\Http\Response::__construct() from global scope
ReflectionException: Class Trident\Http\Response is an internal class marked as final that cannot be instantiated without invoking its constructor
Exception: Unserialization of 'Trident\Http\Response' is not allowed
Trident\Http\Response final: true, constructor private: true
