--TEST--
Server::set(): applied values show in $server->setting (merged across calls); unknown keys and wrong types warn naming the key and return false
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
use Trident\Http\Server;

$server = new Server('127.0.0.1', 0);
echo "initial: ", json_encode($server->setting), "\n";
var_dump($server->set([
    'worker_num' => 2,
    'reactor_num' => 1,
    'dispatch_mode' => Server::DISPATCH_ROUND_ROBIN,
    'log_level' => Server::LOG_ERROR,
    'log_file' => null,
    'package_max_length' => 1 << 20,
    'http_max_header_size' => 16 << 10,
    'max_request' => 0,
]));
echo "applied: ", json_encode($server->setting), "\n";

echo "-- unknown key\n";
var_dump($server->set(['no_such_key' => 1]));
echo "-- wrong type\n";
var_dump($server->set(['worker_num' => 'x']));
var_dump($server->set(['log_file' => 42]));
echo "-- out of range\n";
var_dump($server->set(['worker_num' => 0]));
var_dump($server->set(['dispatch_mode' => 9]));
echo "-- integer key\n";
var_dump($server->set([5 => 1]));
echo "-- partly valid: the valid keys are applied, the others are not\n";
var_dump($server->set(['worker_num' => 3, 'bogus' => true, 'max_request' => 10]));
echo "after: ", json_encode($server->setting), "\n";
?>
--EXPECTF--
initial: []
bool(true)
applied: {"worker_num":2,"reactor_num":1,"dispatch_mode":1,"log_level":4,"log_file":null,"package_max_length":1048576,"http_max_header_size":16384,"max_request":0}
-- unknown key

Warning: Trident\Http\Server::set(): Unknown setting "no_such_key" in %s on line %d
bool(false)
-- wrong type

Warning: Trident\Http\Server::set(): Setting "worker_num" must be of type int, string given in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "log_file" must be of type ?string, int given in %s on line %d
bool(false)
-- out of range

Warning: Trident\Http\Server::set(): Setting "worker_num" must be between 1 and %d, 0 given in %s on line %d
bool(false)

Warning: Trident\Http\Server::set(): Setting "dispatch_mode" must be between 1 and 3, 9 given in %s on line %d
bool(false)
-- integer key

Warning: Trident\Http\Server::set(): Settings must be an array with string keys in %s on line %d
bool(false)
-- partly valid: the valid keys are applied, the others are not

Warning: Trident\Http\Server::set(): Unknown setting "bogus" in %s on line %d
bool(false)
after: {"worker_num":3,"reactor_num":1,"dispatch_mode":1,"log_level":4,"log_file":null,"package_max_length":1048576,"http_max_header_size":16384,"max_request":10}
