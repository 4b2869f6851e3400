--TEST--
HOOK_DNS: gethostbyname()/gethostbynamel() inside a coroutine run libc's lookup on a pool thread (the process gains resolver threads) and return exactly what PHP returns unhooked: /etc/hosts names, numeric names, unknown names, bad arguments; outside a coroutine PHP's own functions run
--FILE--
<?php
$threads = fn() => count(glob('/proc/self/task/*'));
$calls = function () {
    $out = [];
    foreach (['localhost', '127.0.0.1', '10.1.2.3', 'no-such-host.invalid', ''] as $name) {
        $out[] = [$name, gethostbyname($name), gethostbynamel($name)];
    }
    // PHP's own checks and messages (the hook hands these to PHP's functions).
    foreach ([str_repeat('a', 300), "bad\0name"] as $name) {
        try {
            $out[] = [strlen($name), @gethostbyname($name), @gethostbynamel($name), error_get_last()['message'] ?? null];
        } catch (Throwable $e) {
            $out[] = [strlen($name), get_class($e), $e->getMessage()];
        }
        error_clear_last();
    }
    return $out;
};
$plain = $calls();
echo "threads before: ", $threads(), "\n";
var_dump(Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_DNS));
echo "outside a coroutine, same results: ", var_export($calls() === $plain, true), ", threads: ", $threads(), "\n";
Trident\Coroutine\run(function () use ($calls, $plain, $threads) {
    $ticks = 0;
    Trident\Coroutine::create(function () use (&$ticks) {
        for ($i = 0; $i < 3; $i++) { Trident\Coroutine::sleep(0.001); $ticks++; }
    });
    $hooked = $calls();
    echo "in a coroutine, same results: ", var_export($hooked === $plain, true), "\n";
    if ($hooked !== $plain) var_dump($hooked, $plain);
    echo "resolver threads started: ", var_export($threads() > 1, true), "\n";
    // Many coroutines at once: every one gets its answer.
    $wg = new Trident\Coroutine\WaitGroup();
    $answers = [];
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Trident\Coroutine::create(function () use ($wg, &$answers, $i) {
            $answers[$i] = gethostbyname($i % 2 ? 'localhost' : "10.0.0.$i");
            $wg->done();
        });
    }
    $wg->wait();
    ksort($answers);
    echo "20 concurrent lookups: ", implode(',', array_unique($answers)) === '10.0.0.0,127.0.0.1,10.0.0.2,10.0.0.4,10.0.0.6,10.0.0.8,10.0.0.10,10.0.0.12,10.0.0.14,10.0.0.16,10.0.0.18' ? 'all right' : json_encode($answers), "\n";
    Trident\Coroutine::sleep(0.01);
    echo "ticker ran: ", $ticks, "\n";
});
var_dump(Trident\Runtime::enableCoroutine(0), Trident\Runtime::getHookFlags());
?>
--EXPECT--
threads before: 1
bool(true)
outside a coroutine, same results: true, threads: 1
in a coroutine, same results: true
resolver threads started: true
20 concurrent lookups: all right
ticker ran: 3
bool(true)
int(0)
