--TEST--
Server (one worker, default hook_flags = HOOK_ALL): 100 concurrent requests whose handlers run exec/system/passthru/proc_open/popen/shell_exec of 'sleep 0.2; echo x' finish together in < 1.5 s (one after the other: 20 s) with exact responses; pcntl_fork() in a handler is refused with Trident\Coroutine\Exception
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl']); if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
require __DIR__ . '/../coroutine_server/cs.inc';

$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $cmd = 'sleep 0.2; echo x; exit 3';
    switch ($req->server['path_info']) {
        case '/ping': $res->end('pong'); return;
        case '/exec':
            $last = exec($cmd, $out, $code);
            $res->end("exec $last " . json_encode($out) . " $code");
            return;
        case '/system':
            ob_start();
            $last = system($cmd, $code);
            $res->end("system $last " . json_encode(ob_get_clean()) . " $code");
            return;
        case '/passthru':
            ob_start();
            $ret = passthru($cmd, $code);
            $res->end("passthru " . var_export($ret, true) . ' ' . json_encode(ob_get_clean()) . " $code");
            return;
        case '/proc':
            $p = proc_open($cmd, [1 => ['pipe', 'w']], $pipes);
            $body = stream_get_contents($pipes[1]);
            $res->end("proc_open " . json_encode($body) . ' ' . proc_close($p));
            return;
        case '/popen':
            $p = popen($cmd, 'r');
            $line = fgets($p);
            $res->end("popen " . json_encode($line) . ' ' . pclose($p));
            return;
        case '/shell_exec':
            $res->end("shell_exec " . json_encode(shell_exec($cmd)));
            return;
        case '/fork':
            if (!function_exists('pcntl_fork')) { $res->end('no pcntl'); return; }
            try {
                $pid = pcntl_fork();
                if ($pid === 0) pcntl_exec('/bin/sh', ['-c', 'exit 0']);  // unhooked: the copy of the worker leaves at once
                pcntl_waitpid($pid, $status);
                $res->end('forked');
            } catch (Throwable $e) {
                $res->end(get_class($e) . ': ' . substr($e->getMessage(), 0, 50));
            }
            return;
    }
    $res->status(404);
    $res->end();
});
$server->start();
PHP);

[$st, $body] = lc_get($srv->url('/ping'));
echo "warm-up: $st $body\n";
$paths = [];
for ($i = 0; $i < 100; $i++) $paths[] = ['/exec', '/system', '/passthru', '/proc', '/popen', '/shell_exec'][$i % 6];
$r = cs_parallel_get($srv->port, $paths, 15);
echo "responses: ", cs_summary($r['res']), "\n";
// One after the other: 100 x 0.2 s = 20 s.
echo "100 x 0.2 s in < 1.5 s: ", var_export($r['wall'] < 1.5, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "none faster than the command: ", var_export(min(array_column($r['res'], 2)) >= 0.2, true), "\n";
[$st, $body] = lc_get($srv->url('/fork'));
echo "fork: $st $body\n";
echo "log: ", json_encode(trim($srv->stop())), "\n";
?>
--EXPECTF--
warm-up: 200 pong
responses: 200 "exec x [\"x\"] 3" x 17, 200 "passthru NULL \"x\\n\" 3" x 17, 200 "popen \"x\\n\" 3" x 16, 200 "proc_open \"x\\n\" 3" x 17, 200 "shell_exec \"x\\n\"" x 16, 200 "system x \"x\\n\" 3" x 17
100 x 0.2 s in < 1.5 s: true (%f s)
none faster than the command: true
fork: 200 %r(Trident\\Coroutine\\Exception: pcntl_fork\(\) is not supported inside a coroutine: |no pcntl)%r
log: ""
