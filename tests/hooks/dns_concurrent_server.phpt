--TEST--
Hooks, DNS: one worker (default hook_flags) serves 100 concurrent requests that each resolve a name whose DNS answer takes 0.2 s (the test's own DNS responder, named by the resolv.conf of the server's private mount namespace) — with gethostbyname(), then by connecting to tcp://slowdb:port — in about one lookup (< 1.5 s; serially 20 s) while a ticker keeps ticking; the responder saw every query; an unknown name gives PHP's result after the same wait; idle resolver threads end after 5 s; with HOOK_DNS off gethostbyname() lookups run one after the other
--SKIPIF--
<?php
require __DIR__ . '/hooks.inc';
hooks_skipif(['unshare', 'mount']);
require __DIR__ . '/dns_responder.inc';
dns_responder_skipif();
?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
require_once __DIR__ . '/dns_responder.inc';

$dns = new DnsResponder();
$code = <<<'PHP'
$ticks = 0;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'max_coroutine' => 1000, 'hook_flags' => FLAGS]);
$server->on('WorkerStart', function () use (&$ticks) {
    Trident\go(function () use (&$ticks) { for (;;) { Trident\Coroutine::sleep(0.02); $ticks++; } });
});
$server->on('Request', function ($req, $res) use (&$ticks, $PORT) {
    $i = (int)($req->get['i'] ?? 0);
    switch ($req->server['path_info']) {
        case '/ticks':
            $res->end((string)$ticks);
            return;
        case '/threads':
            $res->end((string)count(glob('/proc/self/task/*')));
            return;
        case '/pong':
            $res->end('pong');
            return;
        case '/name':
            $res->end("$i: " . gethostbyname($req->get['host'] ?? 'slowdb'));
            return;
        case '/connect':
            // To this server itself, by the slow name.
            $c = stream_socket_client("tcp://slowdb:$PORT", $errno, $errstr, 10);
            fwrite($c, "GET /pong HTTP/1.0\r\nHost: slowdb\r\n\r\n");
            $raw = stream_get_contents($c);
            $res->end("$i: " . substr($raw, strpos($raw, "\r\n\r\n") + 4));
            return;
    }
});
$server->start();
PHP;
$srv = new TridentTestServer(str_replace('FLAGS', 'Trident\Runtime::HOOK_ALL', $code), null, [], [], $dns->server_prefix());
$get = fn(string $path) => trident_curl([$srv->url($path)], 10)[1];

echo "responder: ", $dns->command('delay 200'), "\n";
echo "resolver threads before: ", $get('/threads'), "\n";
foreach (['name', 'connect'] as $what) {
    $dns->forget();
    $t0 = (int)$get('/ticks');
    $paths = [];
    for ($i = 0; $i < 100; $i++) $paths[] = "/$what?i=$i";
    $r = cs_parallel_get($srv->port, $paths, 30);
    $ticks = (int)$get('/ticks') - $t0;
    $exact = 0;
    foreach ($r['res'] as $k => [$status, $body]) {
        if ($status === 200 && $body === ($what === 'name' ? "$k: 127.0.0.1" : "$k: pong")) $exact++;
        elseif ($exact === $k) echo "  first mismatch: $status $body\n";
    }
    $queries = 0;
    while ($dns->line('query slowdb ', 0.2) !== null) $queries++;
    $ok = $r['wall'] < 1.5;
    // gethostbyname() asks for A records; a connect's getaddrinfo for A and AAAA.
    echo "/$what: $exact of 100 exact, together < 1.5 s: ", var_export($ok, true), ", queries seen: $queries",
        ", the ticker ran: ", var_export($ticks >= 10, true), "\n";
    if (!$ok || getenv('TRIDENT_TEST_VERBOSE')) printf("  took %.3f s\n", $r['wall']);
}
$t = microtime(true);
echo "unknown name: ", $get('/name?i=1&host=missing.example'), " after the delay: ", var_export(microtime(true) - $t >= 0.2, true), "\n";
echo "resolver threads after the bursts: more than 100: ", var_export((int)$get('/threads') > 100, true), "\n";
$deadline = microtime(true) + 15;
while (($n = (int)$get('/threads')) > 1 && microtime(true) < $deadline) usleep(500000);
echo "after some idle seconds: $n\n";
echo "server log: ", trim($srv->stop()) === '' ? '(empty)' : 'not empty', "\n";

// With HOOK_DNS off, each gethostbyname() blocks the worker for its 0.2 s.
$srv = new TridentTestServer(str_replace('FLAGS', 'Trident\Runtime::HOOK_ALL & ~Trident\Runtime::HOOK_DNS', $code), null, [], [], $dns->server_prefix());
$r = cs_parallel_get($srv->port, ['/name?i=0', '/name?i=1', '/name?i=2', '/name?i=3', '/name?i=4'], 30);
echo "HOOK_DNS off: ", cs_summary(array_map(fn($x) => [$x[0], preg_replace('/^\d+/', 'i', $x[1])], $r['res'])),
    ", one after the other (>= 0.95 s): ", var_export($r['wall'] >= 0.95, true), "\n";
echo "server log: ", trim($srv->stop()) === '' ? '(empty)' : 'not empty', "\n";
$dns->stop();
?>
--EXPECT--
responder: ok delay
resolver threads before: 1
/name: 100 of 100 exact, together < 1.5 s: true, queries seen: 100, the ticker ran: true
/connect: 100 of 100 exact, together < 1.5 s: true, queries seen: 200, the ticker ran: true
unknown name: 1: missing.example after the delay: true
resolver threads after the bursts: more than 100: true
after some idle seconds: 1
server log: (empty)
HOOK_DNS off: 200 "i: 127.0.0.1" x 5, one after the other (>= 0.95 s): true
server log: (empty)
