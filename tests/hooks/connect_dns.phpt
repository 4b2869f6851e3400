--TEST--
Hooks: a tcp:// connect to a host name in a coroutine (HOOK_TCP only, HOOK_DNS off) resolves it on the resolver pool (the process gains resolver threads) with libc's getaddrinfo and /etc/hosts, then connects without blocking the process: 20 coroutines connect to "localhost" at once and are served together, 10 connects to a listener whose backlog is full time out together after their 0.5 s with PHP's error; an unknown name gives exactly PHP's warning, errno and error text, as without hooks
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';
use Trident\Coroutine;
use function Trident\Coroutine\run;

$threads = fn() => count(glob('/proc/self/task/*'));
$slow = hooks_slow_server();
$port = $slow->port;

// What each way of connecting by name reports, for one name.
function attempts(string $host, int $port): string {
    ob_start();
    error_clear_last();
    $c = @stream_socket_client("tcp://$host:$port", $errno, $errstr, 2);
    var_dump(is_resource($c), $errno, $errstr, error_get_last()['message'] ?? null);
    error_clear_last();
    $c = @fsockopen($host, $port, $errno, $errstr, 2);
    var_dump(is_resource($c), $errno, $errstr, error_get_last()['message'] ?? null);
    error_clear_last();
    $body = @file_get_contents("http://$host:$port/by-name");
    var_dump($body, error_get_last()['message'] ?? null);
    return ob_get_clean();
}

// A listener that never accepts, its backlog filled by one connection: further connects get
// no answer and run into their timeout.
$full = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN,
    stream_context_create(['socket' => ['backlog' => 0]]));
$full_port = (int)substr(strrchr(stream_socket_get_name($full, false), ':'), 1);
$filler = stream_socket_client("tcp://127.0.0.1:$full_port", $errno, $errstr, 1);

function timed_out_connect(int $port): array {
    error_clear_last();
    $t = microtime(true);
    $c = @stream_socket_client("tcp://localhost:$port", $errno, $errstr, 0.5);
    return [[$c, $errno, $errstr, error_get_last()['message'] ?? null], microtime(true) - $t];
}

$plain_ok = attempts('localhost', $port);
$plain_bad = attempts('no-such-host.invalid', $port);
[$plain_timeout, $plain_el] = timed_out_connect($full_port);
echo "without hooks, a connect to the full backlog: ", json_encode($plain_timeout), ", after the 0.5 s: ",
     var_export($plain_el >= 0.49 && $plain_el < 1.5, true), "\n";
echo "threads before: ", $threads(), "\n";
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP);
echo "flags: ", Trident\Runtime::getHookFlags() === Trident\Runtime::HOOK_TCP ? 'HOOK_TCP only' : 'other', "\n";

run(function () use ($plain_ok, $plain_bad, $plain_timeout, $port, $full_port, $threads) {
    echo "outside the pool so far, threads: ", $threads(), "\n";
    $ok = attempts('localhost', $port);
    echo "localhost, same as without hooks: ", var_export($ok === $plain_ok, true), "\n";
    echo "resolver threads started: ", var_export($threads() > 1, true), "\n";
    $bad = attempts('no-such-host.invalid', $port);
    echo "unknown name, same as without hooks: ", var_export($bad === $plain_bad, true), "\n";
    echo $bad;

    // 20 at once, each resolving "localhost" and waiting 0.2 s for the slow server: together
    // about one wait (one by one it would be 4 s).
    $ticks = 0;
    $done = false;
    Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.02); $ticks++; } });
    $wg = new Trident\Coroutine\WaitGroup();
    $bodies = [];
    $t0 = microtime(true);
    for ($i = 0; $i < 20; $i++) {
        $wg->add();
        Coroutine::create(function () use ($wg, &$bodies, $i, $port) {
            $c = stream_socket_client("tcp://localhost:$port", $errno, $errstr, 5);
            fwrite($c, "GET /c$i HTTP/1.0\r\nHost: localhost\r\n\r\n");
            $raw = stream_get_contents($c);
            $bodies[$i] = substr($raw, strpos($raw, "\r\n\r\n") + 4);
            $wg->done();
        });
    }
    $wg->wait();
    $el = microtime(true) - $t0;
    $done = true;
    ksort($bodies);
    $want = array_map(fn($i) => "slow:/c$i", range(0, 19));
    echo "20 concurrent connects to localhost: ", $bodies === $want ? 'all answered' : json_encode($bodies),
         ", together < 1.5 s: ", var_export($el < 1.5, true), ", ticker ran: ", var_export($ticks >= 5, true), "\n";
    if ($el >= 1.5) echo "  took $el s\n";

    // 10 connects that each wait out their 0.5 s timeout: together about 0.5 s (one by one, 5 s).
    $ticks = 0;
    $done = false;
    Coroutine::create(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.02); $ticks++; } });
    $results = [];
    $t0 = microtime(true);
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        Coroutine::create(function () use ($wg, &$results, $i, $full_port) {
            $results[$i] = timed_out_connect($full_port);
            $wg->done();
        });
    }
    $wg->wait();
    $el = microtime(true) - $t0;
    $done = true;
    $same = array_filter($results, fn($r) => $r[0] === $plain_timeout && $r[1] >= 0.49);
    echo "10 concurrent timed-out connects: ", count($same), " as without hooks (after 0.5 s each), together < 1.5 s: ",
         var_export($el < 1.5, true), ", ticker ran: ", var_export($ticks >= 10, true), "\n";
    if ($el >= 1.5) echo "  took $el s\n";
});
$log = $slow->stop();
echo "server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
?>
--EXPECTF--
without hooks, a connect to the full backlog: [false,110,"Connection timed out","stream_socket_client(): Unable to connect to tcp:\/\/localhost:%d (Connection timed out)"], after the 0.5 s: true
threads before: 1
flags: HOOK_TCP only
outside the pool so far, threads: 1
localhost, same as without hooks: true
resolver threads started: true
unknown name, same as without hooks: true
bool(false)
int(0)
string(%d) "php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s"
string(%d) "stream_socket_client(): Unable to connect to tcp://no-such-host.invalid:%d (php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s)"
bool(false)
int(0)
string(%d) "php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s"
string(%d) "fsockopen(): Unable to connect to no-such-host.invalid:%d (php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s)"
bool(false)
string(%d) "file_get_contents(http://no-such-host.invalid:%d/by-name): Failed to open stream: php_network_getaddresses: getaddrinfo for no-such-host.invalid failed: %s"
20 concurrent connects to localhost: all answered, together < 1.5 s: true, ticker ran: true
10 concurrent timed-out connects: 10 as without hooks (after 0.5 s each), together < 1.5 s: true, ticker ran: true
server log: (empty)
