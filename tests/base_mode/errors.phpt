--TEST--
MODE_BASE: a mode that is neither MODE_PROCESS nor MODE_BASE is a ValueError; what the mode cannot do fails start() with a Trident\Exception saying why (more than 64 workers); $server->mode is read-only
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['openssl']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
echo 'default mode: ', (new Trident\Http\Server('127.0.0.1', 0))->mode === Trident\Http\Server::MODE_PROCESS ? 'MODE_PROCESS' : '?', "\n";
echo 'constants: MODE_BASE=', Trident\Http\Server::MODE_BASE, ' MODE_PROCESS=', Trident\Http\Server::MODE_PROCESS, "\n";
try {
    new Trident\Http\Server('127.0.0.1', 0, 7);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
$s = new Trident\Http\Server('127.0.0.1', 0, Trident\Http\Server::MODE_BASE);
try {
    $s->mode = Trident\Http\Server::MODE_PROCESS;
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
function try_start(string $what, array $settings): void {
    $server = new Trident\Http\Server('127.0.0.1', trident_free_port(), Trident\Http\Server::MODE_BASE);
    $server->set($settings + ['worker_num' => 1, 'log_level' => 5]);
    $server->on('Request', function ($req, $res) { $res->end('unexpected'); });
    try {
        $server->start();
        echo "$what: start() returned\n";
    } catch (Trident\Exception $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
try_start('65 workers', ['worker_num' => 65]);
?>
--EXPECT--
default mode: MODE_PROCESS
constants: MODE_BASE=1 MODE_PROCESS=2
ValueError: Trident\Http\Server::__construct(): Argument #3 ($mode) must be Trident\Http\Server::MODE_PROCESS or Trident\Http\Server::MODE_BASE
Error: Cannot modify readonly property Trident\Http\Server::$mode
65 workers: Trident\Exception: worker_num must be at most 64 with MODE_BASE
