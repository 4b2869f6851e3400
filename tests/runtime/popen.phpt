--TEST--
HOOK_PROC: popen()/pclose() give byte for byte what PHP's own give (modes r, rb, w, wb; fgets, fread, fwrite, feof, stream_get_contents, meta data, exit codes, a signal, PHP's errors for bad modes and arguments, warnings), run unhooked, hooked outside a coroutine and hooked inside one; in a destructor and a shutdown function it is PHP's own, blocking; in a coroutine 10 popen('sleep 0.2; echo x', 'r') and 10 'w' children whose pclose waits 0.2 s each overlap (< 1 s, serially 2 s) while a ticker runs; with the hook off they are serial
--SKIPIF--
<?php if (!is_executable('/bin/sh')) die('skip no /bin/sh'); ?>
--FILE--
<?php
$tmp = tempnam(sys_get_temp_dir(), 'popen_');
$scenarios = function () use ($tmp) {
    $r = [];
    $errors = [];
    set_error_handler(function ($no, $msg) use (&$errors) { $errors[] = "$no: $msg"; return true; });
    $p = popen('echo hello; echo world; printf "no newline"', 'r');
    $lines = [];
    while (($l = fgets($p)) !== false) $lines[] = $l;
    $r['r fgets'] = [get_resource_type($p), $lines, feof($p), pclose($p)];

    $p = popen("printf 'a\\000b\\377c'; printf 'defgh'; exit 3", 'rb');
    $r['rb fread'] = [bin2hex(fread($p, 2)), bin2hex(fread($p, 3)), stream_get_contents($p), feof($p), fread($p, 10), pclose($p)];

    $p = popen('head -c 300000 /dev/zero | tr "\\000" "z"', 'r');
    $all = stream_get_contents($p);
    $r['r 300 KB'] = [strlen($all), md5($all), pclose($p)];

    // 'w': what we write is the child's stdin; 300 KB is more than a pipe holds (writes wait).
    $p = popen('cat > ' . escapeshellarg($tmp), 'w');
    $chunk = str_repeat('0123456789', 3000);
    $n = 0;
    for ($i = 0; $i < 10; $i++) $n += fwrite($p, $chunk);
    $r['w 300 KB'] = [$n, fflush($p), pclose($p), md5_file($tmp) === md5(str_repeat($chunk, 10))];
    $p = popen('tr a-z A-Z > ' . escapeshellarg($tmp) . '; exit 4', 'wb');
    $r['wb'] = [fwrite($p, "bin\x00ary\n"), pclose($p), file_get_contents($tmp)];

    $meta = popen('echo meta', 'r');
    $m = stream_get_meta_data($meta);
    $r['meta'] = [$m, ftell($meta), fgets($meta), ftell($meta), fseek($meta, 0), stream_is_local($meta), pclose($meta)];

    $p = popen('kill -KILL $$', 'r');
    $r['signal'] = [fgets($p), pclose($p)];
    $p = popen('/nonexistent/program 2>/dev/null', 'r');
    $r['no program'] = [fgets($p), pclose($p)];
    $p = popen('', 'r');
    $r['empty command'] = [fread($p, 10), pclose($p)];
    $p = popen('echo x 2>/dev/null', 'r');
    $r['fclose'] = [fclose($p), get_resource_type($p)];
    $p = popen("printf 'x'; sleep 0.1; printf 'y'", 'r');
    stream_set_blocking($p, false);
    $data = '';
    while (!feof($p)) { $data .= fread($p, 10); usleep(5000); }
    $r['nonblocking'] = [$data, pclose($p)];
    // A closed popen stream, and pclose() of a resource that is no stream.
    foreach ([fn() => pclose($p), fn() => pclose(opendir('.'))] as $k => $f) {
        try { $r["pclose misuse $k"] = $f(); } catch (Throwable $e) { $r["pclose misuse $k"] = get_class($e) . ': ' . $e->getMessage(); }
    }
    // (PHP drops one 'b' before its check; libc refuses what is left of 'rbb' and '').
    foreach (['x', 'rw', 'r+', '', 'rbb', 'bw', 'wbb', 'e', 're'] as $mode) {
        try {
            $p = popen(str_contains($mode, 'w') ? 'cat > /dev/null' : 'echo m', $mode);
            $r["mode '$mode'"] = is_resource($p) ? [fgets($p), pclose($p)] : $p;
        } catch (Throwable $e) {
            $r["mode '$mode'"] = get_class($e) . ': ' . $e->getMessage();
        }
    }
    foreach ([["echo a\0b", 'r'], [[], 'r']] as $k => [$cmd, $mode]) {
        try { $r["bad command $k"] = popen($cmd, $mode); } catch (Throwable $e) { $r["bad command $k"] = get_class($e) . ': ' . $e->getMessage(); }
    }
    restore_error_handler();
    $r['errors'] = $errors;
    return $r;
};
$plain = $scenarios();
echo "PHP's results:\n", var_export($plain, true), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC));
echo "hooked, outside a coroutine, same: ", var_export(($h = $scenarios()) === $plain, true), "\n";
if ($h !== $plain) echo var_export($h, true), "\n";
Trident\Coroutine\run(function () use ($scenarios, $plain) {
    echo "hooked, in a coroutine, same: ", var_export(($h = $scenarios()) === $plain, true), "\n";
    if ($h !== $plain) echo var_export($h, true), "\n";

    $ticks = 0;
    $done = false;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) {
            $p = popen('sleep 0.2; echo x', 'r');
            $got[$i] = [fgets($p), pclose($p)];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    echo "10 x popen('sleep 0.2; echo x', 'r'): ", json_encode(array_values(array_unique($got, SORT_REGULAR))), " from ", count($got),
        ", together < 1 s: ", var_export($took < 1.0, true), "\n";
    if ($took >= 1.0) printf("  took %.3f s\n", $took);

    // pclose() waits for a child still running after its stdin closed.
    $got = [];
    $t = microtime(true);
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$got, $i) {
            $p = popen("cat > /dev/null; sleep 0.2; exit $i", 'w');
            $got[$i] = [fwrite($p, "data $i\n"), pclose($p)];
            $wg->done();
        });
    }
    $wg->wait();
    $took = microtime(true) - $t;
    $done = true;
    ksort($got);
    echo "10 x 'w' children exiting 0.2 s after their stdin closed: ", json_encode($got),
        ", together < 1 s: ", var_export($took < 1.0, true), ", ticker ran: ", var_export($ticks >= 10, true), "\n";
    if ($took >= 1.0) printf("  took %.3f s\n", $took);

    // Where no coroutine can switch (a destructor), popen() is PHP's own and blocks: the
    // ticker gets no turn meanwhile.
    $done = false;
    $ticks = 0;
    Trident\Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Trident\Coroutine::sleep(0.02); $ticks++; } });
    Trident\Coroutine::sleep(0.05);
    $o = new PopenInDestructor();
    $t0 = $ticks;
    unset($o);
    echo "in a destructor: ", json_encode($GLOBALS['dtor']), ", ticker ran meanwhile: ", var_export($ticks !== $t0, true), "\n";
    $done = true;
});
class PopenInDestructor {
    function __destruct() {
        $t = microtime(true);
        $p = popen('sleep 0.2; echo d', 'r');
        $GLOBALS['dtor'] = [fgets($p), pclose($p), microtime(true) - $t >= 0.19];
    }
}
register_shutdown_function(function () {
    $p = popen('echo at shutdown', 'r');
    echo "shutdown function: ", json_encode([fgets($p), pclose($p), Trident\Runtime::getHookFlags()]), "\n";
});
Trident\Runtime::enableCoroutine(0);
Trident\Coroutine\run(function () {
    $t = microtime(true);
    for ($i = 0; $i < 3; $i++) Trident\Coroutine::create(function () { $p = popen('sleep 0.2; echo x', 'r'); fgets($p); pclose($p); });
    Trident\Coroutine::sleep(0);
    echo "hook off, 3 x 0.2 s serial (>= 0.55 s): ", var_export(microtime(true) - $t >= 0.55, true), "\n";
});
// Hooked again for the shutdown function (no coroutine there: PHP's own popen).
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_PROC);
@unlink($tmp);
?>
--EXPECT--
PHP's results:
array (
  'r fgets' => 
  array (
    0 => 'stream',
    1 => 
    array (
      0 => 'hello
',
      1 => 'world
',
      2 => 'no newline',
    ),
    2 => true,
    3 => 0,
  ),
  'rb fread' => 
  array (
    0 => '6100',
    1 => '62ff63',
    2 => 'defgh',
    3 => true,
    4 => '',
    5 => 3,
  ),
  'r 300 KB' => 
  array (
    0 => 300000,
    1 => '5f441da3b34b901fa501e4cbecd3a71e',
    2 => 0,
  ),
  'w 300 KB' => 
  array (
    0 => 300000,
    1 => true,
    2 => 0,
    3 => true,
  ),
  'wb' => 
  array (
    0 => 8,
    1 => 4,
    2 => 'BIN' . "\0" . 'ARY
',
  ),
  'meta' => 
  array (
    0 => 
    array (
      'timed_out' => false,
      'blocked' => true,
      'eof' => false,
      'stream_type' => 'STDIO',
      'mode' => 'r',
      'unread_bytes' => 0,
      'seekable' => false,
    ),
    1 => 0,
    2 => 'meta
',
    3 => 5,
    4 => -1,
    5 => false,
    6 => 0,
  ),
  'signal' => 
  array (
    0 => false,
    1 => 9,
  ),
  'no program' => 
  array (
    0 => false,
    1 => 127,
  ),
  'empty command' => 
  array (
    0 => '',
    1 => 0,
  ),
  'fclose' => 
  array (
    0 => true,
    1 => 'Unknown',
  ),
  'nonblocking' => 
  array (
    0 => 'xy',
    1 => 0,
  ),
  'pclose misuse 0' => 'TypeError: pclose(): supplied resource is not a valid stream resource',
  'pclose misuse 1' => 0,
  'mode \'x\'' => 'ValueError: popen(): Argument #2 ($mode) must be one of "r", "rb", "w", or "wb"',
  'mode \'rw\'' => 'ValueError: popen(): Argument #2 ($mode) must be one of "r", "rb", "w", or "wb"',
  'mode \'r+\'' => 'ValueError: popen(): Argument #2 ($mode) must be one of "r", "rb", "w", or "wb"',
  'mode \'\'' => false,
  'mode \'rbb\'' => false,
  'mode \'bw\'' => 
  array (
    0 => false,
    1 => 0,
  ),
  'mode \'wbb\'' => false,
  'mode \'e\'' => 'ValueError: popen(): Argument #2 ($mode) must be one of "r", "rb", "w", or "wb"',
  'mode \'re\'' => 'ValueError: popen(): Argument #2 ($mode) must be one of "r", "rb", "w", or "wb"',
  'bad command 0' => 'ValueError: popen(): Argument #1 ($command) must not contain any null bytes',
  'bad command 1' => 'TypeError: popen(): Argument #1 ($command) must be of type string, array given',
  'errors' => 
  array (
    0 => '2: fseek(): Stream does not support seeking',
    1 => '2: popen(echo m,): Invalid argument',
    2 => '2: popen(echo m,rb): Invalid argument',
    3 => '8: fgets(): Read of 8192 bytes failed with errno=9 Bad file descriptor',
    4 => '2: popen(cat > /dev/null,wb): Invalid argument',
  ),
)
bool(true)
hooked, outside a coroutine, same: true
hooked, in a coroutine, same: true
10 x popen('sleep 0.2; echo x', 'r'): [["x\n",0]] from 10, together < 1 s: true
10 x 'w' children exiting 0.2 s after their stdin closed: [[7,0],[7,1],[7,2],[7,3],[7,4],[7,5],[7,6],[7,7],[7,8],[7,9]], together < 1 s: true, ticker ran: true
in a destructor: ["d\n",0,true], ticker ran meanwhile: false
hook off, 3 x 0.2 s serial (>= 0.55 s): true
shutdown function: ["at shutdown\n",0,256]
