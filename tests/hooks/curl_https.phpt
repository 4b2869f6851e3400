--TEST--
Hooks: HTTPS through curl_exec() in coroutines with HOOK_CURL, to a Trident TLS server with a throw-away certificate: verified with CURLOPT_CAINFO (10 transfers to a 0.3 s endpoint overlap, bodies exact, a ticker runs meanwhile); with the wrong CA the verification fails with the error it gives without hooks (errno 60)
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(['openssl']); ?>
--EXTENSIONS--
curl
--FILE--
<?php
require __DIR__ . '/curl.inc';
require __DIR__ . '/../tls/certs.inc';
use function Trident\go;
use function Trident\Coroutine\run;

$certs = tls_certs(true);
$srv = curl_slow_server(['ssl_cert_file' => $certs['cert'], 'ssl_key_file' => $certs['key']]);
$base = "https://localhost:{$srv->port}";
$resolve = [CURLOPT_RESOLVE => ["localhost:{$srv->port}:127.0.0.1"]];

/** [ok, errno, error, status, body exact] of one HTTPS transfer verified against $ca. */
function https_get(string $url, string $ca, array $opts): array {
    $h = curl_get_handle($url, $opts + [CURLOPT_CAINFO => $ca, CURLOPT_SSL_VERIFYPEER => true, CURLOPT_SSL_VERIFYHOST => 2]);
    $body = curl_exec($h);
    return [$body !== false, curl_errno($h), curl_error($h), curl_getinfo($h, CURLINFO_RESPONSE_CODE),
            $body === curl_test_body(parse_url($url, PHP_URL_PATH), 20000)];
}

$plain_good = https_get("$base/plain?ms=0", $certs['cert'], $resolve);
$plain_wrong = https_get("$base/plain?ms=0", $certs['other_cert'], $resolve);

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_CURL);
run(function () use ($base, $certs, $resolve, $plain_wrong) {
    $ticks = 0;
    $stop = false;
    curl_ticker($ticks, $stop);
    $t0 = microtime(true);
    $wg = new Trident\Coroutine\WaitGroup();
    $got = [];
    for ($i = 0; $i < 10; $i++) {
        $wg->add();
        go(function () use ($i, $base, $certs, $resolve, &$got, $wg) {
            $got[$i] = json_encode(https_get("$base/tls$i?ms=300", $certs['cert'], $resolve));
            $wg->done();
        });
    }
    $wg->wait();
    $wall = microtime(true) - $t0;
    $stop = true;
    echo "verified with CURLOPT_CAINFO x10: ", json_encode(array_count_values($got)), "\n";
    echo "overlap (< 1.5 s; one after the other 3 s): ", var_export($wall < 1.5, true), sprintf(" (%.3f s)", $wall), "\n";
    echo "ticker ran meanwhile (>= 5 ticks): ", var_export($ticks >= 5, true), "\n";

    $wrong = https_get("$base/wrong?ms=0", $certs['other_cert'], $resolve);
    echo "wrong CA: ", json_encode($wrong), "\n";
    echo "same as without hooks: ", var_export($wrong === $plain_wrong, true), "\n";
});
echo "without hooks, verified: ", json_encode($plain_good), "\n";
echo "log: ", json_encode(trim($srv->stop())), "\n";
?>
--EXPECTF--
verified with CURLOPT_CAINFO x10: {"[true,0,\"\",200,true]":10}
overlap (< 1.5 s; one after the other 3 s): true (%f s)
ticker ran meanwhile (>= 5 ticks): true
wrong CA: [false,60,"SSL certificate problem: self-signed certificate",0,false]
same as without hooks: true
without hooks, verified: [true,0,"",200,true]
log: ""
