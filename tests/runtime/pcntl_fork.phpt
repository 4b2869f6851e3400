--TEST--
HOOK_PROC: pcntl_fork() inside a coroutine (also in a Fiber running in one) throws Trident\Coroutine\Exception explaining that the child would inherit the scheduler and its loop; outside a coroutine it forks as PHP's does; with the hook off PHP's own function runs in a coroutine too
--SKIPIF--
<?php if (!function_exists('pcntl_fork')) die('skip ext/pcntl not loaded'); ?>
--FILE--
<?php
function fork_and_reap(int $code): string {
    $pid = pcntl_fork();
    if ($pid === 0) pcntl_exec('/bin/sh', ['-c', "exit $code"]);  // the child leaves PHP at once
    if ($pid < 0) return 'fork failed';
    pcntl_waitpid($pid, $status);
    return 'forked, child exit ' . pcntl_wexitstatus($status);
}
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "outside a coroutine: ", fork_and_reap(3), "\n";
Trident\Coroutine\run(function () {
    try {
        echo fork_and_reap(4), "\n";
    } catch (Throwable $e) {
        echo "in a coroutine: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
    $f = new Fiber(function () {
        try { echo fork_and_reap(5), "\n"; } catch (Throwable $e) { echo "in a Fiber in a coroutine: ", get_class($e), "\n"; }
    });
    $f->start();
    try { pcntl_fork(1); } catch (Throwable $e) { echo "PHP's argument check: ", get_class($e), ": ", $e->getMessage(), "\n"; }
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () { echo "hook off, in a coroutine: ", fork_and_reap(6), "\n"; });
?>
--EXPECT--
bool(true)
outside a coroutine: forked, child exit 3
in a coroutine: Trident\Coroutine\Exception: pcntl_fork() is not supported inside a coroutine: the child process would inherit a copy of the coroutine scheduler and its event loop (the other coroutines, their timers and sockets), which it cannot run; fork outside Trident\Coroutine\run() and the server's callbacks, or start a program with proc_open()
in a Fiber in a coroutine: Trident\Coroutine\Exception
PHP's argument check: ArgumentCountError: pcntl_fork() expects exactly 0 arguments, 1 given
hook off, in a coroutine: forked, child exit 6
