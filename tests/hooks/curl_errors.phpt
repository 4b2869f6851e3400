--TEST--
Hooks: curl_exec() failures in a coroutine with HOOK_CURL give the errors they give without hooks: connection refused (errno 7), CURLOPT_TIMEOUT_MS against a server that never answers (errno 28 after about the timeout, while a ticker runs on), an .invalid host name (errno 6)
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(); ?>
--EXTENSIONS--
curl
--FILE--
<?php
require __DIR__ . '/curl.inc';
use function Trident\Coroutine\run;

[$silent, $silent_port] = curl_silent_listener();

/** [errno, error text with its millisecond counts masked, seconds] of one failing curl_exec(). */
function failure(string $url, array $opts = []): array {
    $h = curl_get_handle($url, $opts);
    $t = microtime(true);
    $ok = curl_exec($h);
    $secs = microtime(true) - $t;
    return [$ok, curl_errno($h), preg_replace('/\d+ (ms|milliseconds)/', 'N $1', curl_error($h)), $secs];
}

function attempts(int $silent_port): array {
    return [
        'refused' => failure('http://127.0.0.1:1/'),
        'timeout' => failure("http://127.0.0.1:$silent_port/", [CURLOPT_TIMEOUT_MS => 300]),
        'dns' => failure('http://nonexistent.invalid/'),
    ];
}

function show(array $r): void {
    foreach ($r as $what => [$ok, $errno, $error]) echo "$what: ", json_encode([$ok, $errno, $error]), "\n";
}

$plain = attempts($silent_port);
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_CURL);
run(function () use ($silent_port, $plain) {
    $ticks = 0;
    $stop = false;
    curl_ticker($ticks, $stop);
    $hooked = attempts($silent_port);
    $stop = true;
    $strip = fn($r) => array_map(fn($x) => array_slice($x, 0, 3), $r);
    echo "same errors as without hooks: ", var_export($strip($hooked) === $strip($plain), true), "\n";
    show($hooked);
    $secs = $hooked['timeout'][3];
    echo "timeout after ~0.3 s: ", var_export($secs >= 0.29 && $secs < 1.0, true), sprintf(" (%.3f s)", $secs), "\n";
    echo "ticker ran during the timeout (>= 10 ticks): ", var_export($ticks >= 10, true), "\n";
});
?>
--EXPECTF--
same errors as without hooks: true
refused: [false,7,"Failed to connect to 127.0.0.1 port 1 after N ms: Couldn't connect to server"]
timeout: [false,28,"Operation timed out after N milliseconds with 0 bytes received"]
dns: [false,6,"Could not resolve host: nonexistent.invalid"]
timeout after ~0.3 s: true (%f s)
ticker ran during the timeout (>= 10 ticks): true
