<?php
// Coroutine micro-benchmarks: the cost of creating and finishing a coroutine, and of one
// suspend + resume round trip through the scheduler.
//
//   php -n -d extension=modules/trident.so bench/coroutine.php [iterations]
//
// Prints one line per measurement, in nanoseconds per operation (median of 5 runs), then the
// same operations with PHP's own Fibers as a baseline for this machine.
use Trident\Coroutine;
use function Trident\go;

if (!extension_loaded('trident')) {
    fwrite(STDERR, "load the extension: php -n -d extension=modules/trident.so bench/coroutine.php\n");
    exit(2);
}
$n = (int) ($argv[1] ?? 200000);

function median(array $xs): float {
    sort($xs);
    return $xs[intdiv(count($xs), 2)];
}

function report(string $what, array $ns): void {
    printf("%-58s %8.1f ns\n", $what, median($ns));
}

$results = [];
Trident\Coroutine\run(function () use ($n, &$results) {
    // Create + run + finish an empty coroutine; the context pool is warm after the first one.
    $empty = function () {};
    go($empty);
    for ($r = 0; $r < 5; $r++) {
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) go($empty);
        $results['create'][] = (hrtime(true) - $t) / $n;
    }
    // The same with two arguments passed.
    $args = function ($a, $b) {};
    for ($r = 0; $r < 5; $r++) {
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) go($args, $i, 'x');
        $results['create_args'][] = (hrtime(true) - $t) / $n;
    }
    // Cold creation: 1000 coroutines alive at once beyond the pool's 1024 idle contexts,
    // each needing a new C stack (mmap + mprotect, munmap at the end).
    for ($r = 0; $r < 5; $r++) {
        $wg = new Trident\Coroutine\WaitGroup();
        $ch = new Trident\Coroutine\Channel(1);
        $k = 3000;
        $t = hrtime(true);
        for ($i = 0; $i < $k; $i++) {
            go(function () use ($ch) { $ch->pop(); });
        }
        $results['create_cold'][] = (hrtime(true) - $t) / $k;
        $ch->close();
        Coroutine::sleep(0.001);
    }
    // Suspend + resume: sleep(0) puts the coroutine at the back of the ready queue and
    // switches to the scheduler, which resumes it.
    for ($r = 0; $r < 5; $r++) {
        $t = hrtime(true);
        for ($i = 0; $i < $n; $i++) Coroutine::sleep(0);
        $results['yield'][] = (hrtime(true) - $t) / $n;
    }
    // The same with 100 coroutines taking turns.
    for ($r = 0; $r < 5; $r++) {
        $per = intdiv($n, 100);
        $wg = new Trident\Coroutine\WaitGroup(100);
        $t = hrtime(true);
        for ($c = 0; $c < 100; $c++) {
            go(function () use ($per, $wg) {
                for ($i = 0; $i < $per; $i++) Coroutine::sleep(0);
                $wg->done();
            });
        }
        $wg->wait();
        $results['yield_100'][] = (hrtime(true) - $t) / ($per * 100);
    }
    // Channel ping-pong between two coroutines: two hand-overs and two switches per round.
    for ($r = 0; $r < 5; $r++) {
        $a = new Trident\Coroutine\Channel(1);
        $b = new Trident\Coroutine\Channel(1);
        $m = intdiv($n, 2);
        go(function () use ($a, $b, $m) {
            for ($i = 0; $i < $m; $i++) $b->push($a->pop());
        });
        $t = hrtime(true);
        for ($i = 0; $i < $m; $i++) {
            $a->push($i);
            $b->pop();
        }
        $results['pingpong'][] = (hrtime(true) - $t) / $m;
    }
});

// Baselines on the same machine and run: PHP's own Fibers doing the same work.
for ($r = 0; $r < 5; $r++) {
    $f = new Fiber(function () use ($n) {
        for ($i = 0; $i < $n; $i++) Fiber::suspend();
    });
    $t = hrtime(true);
    $f->start();
    for ($i = 1; $i < $n; $i++) $f->resume();
    $results['fiber_switch'][] = (hrtime(true) - $t) / $n;
}
$empty = function () {};
for ($r = 0; $r < 5; $r++) {
    $m = intdiv($n, 10);
    $t = hrtime(true);
    for ($i = 0; $i < $m; $i++) (new Fiber($empty))->start();
    $results['fiber_create'][] = (hrtime(true) - $t) / $m;
}

printf("PHP %s, %s, %d iterations, median of 5 runs\n", PHP_VERSION,
       function_exists('opcache_get_status') && @opcache_get_status() ? 'opcache on' : 'opcache off', $n);
report('create + finish (empty closure, pooled context)', $results['create']);
report('create + finish (closure with 2 arguments)', $results['create_args']);
report('create (new C stack, beyond the pool)', $results['create_cold']);
report('suspend + resume (Coroutine::sleep(0), 1 coroutine)', $results['yield']);
report('suspend + resume (Coroutine::sleep(0), 100 coroutines)', $results['yield_100']);
report('channel ping-pong round trip (2 push + 2 pop)', $results['pingpong']);
report('baseline: Fiber suspend + resume', $results['fiber_switch']);
report('baseline: new Fiber + start + finish', $results['fiber_create']);
