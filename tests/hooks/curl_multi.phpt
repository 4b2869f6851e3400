--TEST--
Hooks: in Coroutine\run() with HOOK_CURL, 5 coroutines each drive a curl_multi handle of 5 transfers to a 0.3 s endpoint with the curl_multi_exec + curl_multi_select loop Guzzle uses: all 25 complete together (one 0.3 s wait, not 5 one after the other), results exact, a ticker runs meanwhile; curl_multi_select keeps its timeout semantics (0 after the timeout when nothing happens, measured; 0 at once with timeout 0 or no transfer), exactly as without hooks
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(); ?>
--EXTENSIONS--
curl
--FILE--
<?php
require __DIR__ . '/curl.inc';
use function Trident\go;
use function Trident\Coroutine\run;

/** Guzzle's CurlMultiHandler loop over $urls; returns [url => "status bytes exact|MISMATCH"]. */
function multi_fetch(array $urls): array {
    $mh = curl_multi_init();
    $handles = [];
    foreach ($urls as $path => $url) {
        $handles[$path] = curl_get_handle($url);
        curl_multi_add_handle($mh, $handles[$path]);
    }
    $out = [];
    do {
        while (($rc = curl_multi_exec($mh, $active)) === CURLM_CALL_MULTI_PERFORM);
        if ($rc !== CURLM_OK) throw new RuntimeException("curl_multi_exec: $rc");
        while ($done = curl_multi_info_read($mh)) {
            $path = array_search($done['handle'], $handles, true);
            $body = curl_multi_getcontent($done['handle']);
            $out[$path] = $done['result'] . ' ' . curl_getinfo($done['handle'], CURLINFO_RESPONSE_CODE) . ' ' . strlen($body)
                . ($body === curl_test_body($path, 20000) ? ' exact' : ' MISMATCH');
            curl_multi_remove_handle($mh, $done['handle']);
        }
        if ($active && curl_multi_select($mh, 1.0) === -1) usleep(250);
    } while ($active);
    curl_multi_close($mh);
    ksort($out);
    return $out;
}

/** curl_multi_select() on a transfer to a server that never answers: [results, seconds of each]. */
function select_timeouts(int $silent_port): array {
    $mh = curl_multi_init();
    $results = [];
    $t = microtime(true);
    $results[] = curl_multi_select($mh, 0.3);  // no transfer: nothing to wait for
    $results[] = curl_multi_select($mh, 0);
    $h = curl_get_handle("http://127.0.0.1:$silent_port/");
    curl_multi_add_handle($mh, $h);
    // Connect and send the request, and let libcurl's own timers (they end waits early) pass.
    for ($t = microtime(true); microtime(true) - $t < 0.5;) {
        curl_multi_exec($mh, $active);
        curl_multi_select($mh, 0.1);
    }
    // Then 3 waits with nothing to happen: each returns 0 after its 0.3 s.
    $secs = [];
    for ($i = 0; $i < 3; $i++) {
        curl_multi_exec($mh, $active);
        $t = microtime(true);
        $results[] = curl_multi_select($mh, 0.3);
        $secs[] = microtime(true) - $t;
    }
    $t = microtime(true);
    $results[] = curl_multi_select($mh, 0);
    $zero = microtime(true) - $t;
    curl_multi_remove_handle($mh, $h);
    curl_multi_close($mh);
    return [$results, $secs, $zero];
}

$slow = curl_slow_server();
[$silent, $silent_port] = curl_silent_listener();
$url = fn(string $path) => $slow->url($path) . '?ms=300';

// Without hooks (outside any coroutine): the reference results.
$plain_fetch = multi_fetch(['/ref-a' => $url('/ref-a'), '/ref-b' => $url('/ref-b')]);
[$plain_results, $plain_secs] = select_timeouts($silent_port);

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_CURL);
run(function () use ($url, $silent_port, $plain_results) {
    $ticks = 0;
    $stop = false;
    curl_ticker($ticks, $stop);
    $t0 = microtime(true);
    $got = [];
    $wg = new Trident\Coroutine\WaitGroup();
    for ($c = 0; $c < 5; $c++) {
        $wg->add();
        go(function () use ($c, $url, &$got, $wg) {
            $urls = [];
            for ($i = 0; $i < 5; $i++) $urls["/c$c-$i"] = $url("/c$c-$i");
            $got[$c] = multi_fetch($urls);
            $wg->done();
        });
    }
    $wg->wait();
    $wall = microtime(true) - $t0;
    $stop = true;
    ksort($got);
    $all = array_merge(...$got);
    echo "25 transfers: ", count($all), ', ', json_encode(array_count_values($all)), "\n";
    echo "together (< 1.0 s; one after the other 1.5 s): ", var_export($wall < 1.0, true), sprintf(" (%.3f s)", $wall), "\n";
    echo "ticker ran meanwhile (>= 5 ticks): ", var_export($ticks >= 5, true), "\n";

    $ticks = 0;
    $stop = false;
    curl_ticker($ticks, $stop);
    [$results, $secs, $zero] = select_timeouts($silent_port);
    $stop = true;
    echo "select results: ", json_encode($results), ", same as without hooks: ", var_export($results === $plain_results, true), "\n";
    echo "each idle wait ~0.3 s: ", json_encode(array_map(fn($s) => $s >= 0.28 && $s < 0.9, $secs)), "\n";
    echo "timeout 0 at once: ", var_export($zero < 0.05, true), "\n";
    echo "ticker ran during the idle waits (>= 20 ticks): ", var_export($ticks >= 20, true), "\n";
});
echo "without hooks: ", json_encode($plain_fetch), "\n";
echo "without hooks, each idle wait ~0.3 s: ", json_encode(array_map(fn($s) => $s >= 0.28 && $s < 0.9, $plain_secs)), "\n";
echo "log: ", json_encode(trim($slow->stop())), "\n";
?>
--EXPECTF--
25 transfers: 25, {"0 200 20000 exact":25}
together (< 1.0 s; one after the other 1.5 s): true (%f s)
ticker ran meanwhile (>= 5 ticks): true
select results: [0,0,0,0,0,0], same as without hooks: true
each idle wait ~0.3 s: [true,true,true]
timeout 0 at once: true
ticker ran during the idle waits (>= 20 ticks): true
without hooks: {"\/ref-a":"0 200 20000 exact","\/ref-b":"0 200 20000 exact"}
without hooks, each idle wait ~0.3 s: [true,true,true]
log: ""
