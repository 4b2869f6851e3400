--TEST--
Server: masterPid, managerPid, workerId, workerPid and setting are read-only for userland (API.md); defaults before start()
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
$server = new Trident\Http\Server('127.0.0.1', 0);
echo json_encode([$server->masterPid, $server->managerPid, $server->workerId, $server->workerPid, $server->setting]), "\n";
foreach (['masterPid' => 1, 'managerPid' => 1, 'workerId' => 1, 'workerPid' => 1, 'setting' => ['worker_num' => 99]] as $prop => $v) {
    try {
        $server->$prop = $v;
        echo "$prop: written, now ", json_encode($server->$prop), "\n";
    } catch (Error $e) {
        echo "$prop: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
$server->set(['worker_num' => 2]);
echo json_encode($server->setting), "\n";
?>
--EXPECTF--
[0,0,-1,0,[]]
masterPid: Error: Cannot modify %s Trident\Http\Server::$masterPid
managerPid: Error: Cannot modify %s Trident\Http\Server::$managerPid
workerId: Error: Cannot modify %s Trident\Http\Server::$workerId
workerPid: Error: Cannot modify %s Trident\Http\Server::$workerPid
setting: Error: Cannot modify %s Trident\Http\Server::$setting
{"worker_num":2}
