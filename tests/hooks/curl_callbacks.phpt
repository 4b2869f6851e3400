--TEST--
Hooks: curl_exec() in coroutines with HOOK_ALL: CURLOPT_WRITEFUNCTION, HEADERFUNCTION, XFERINFOFUNCTION and PROGRESSFUNCTION (NOPROGRESS off) run inside libcurl in the calling coroutine and see what they see without hooks; a write callback that itself sleeps (usleep) and fetches a URL through a hooked tcp:// stream suspends only its coroutine (4 such transfers overlap, a ticker runs meanwhile)
--SKIPIF--
<?php require __DIR__ . '/curl.inc'; curl_hooks_skipif(); ?>
--EXTENSIONS--
curl
--FILE--
<?php
require __DIR__ . '/curl.inc';
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

/** One transfer of 100,000 bytes with every callback set; returns what the callbacks saw. */
function with_callbacks(string $url, bool $old_progress): array {
    $seen = ['cid' => [], 'writes' => 0, 'body' => '', 'headers' => [], 'progress_calls' => 0, 'dl' => [0, 0]];
    $h = curl_init($url);
    curl_setopt_array($h, [
        CURLOPT_NOPROGRESS => false,
        CURLOPT_WRITEFUNCTION => function ($h, $data) use (&$seen) {
            $seen['cid'][Coroutine::getCid()] = true;
            $seen['writes']++;
            $seen['body'] .= $data;
            return strlen($data);
        },
        CURLOPT_HEADERFUNCTION => function ($h, $line) use (&$seen) {
            $seen['cid'][Coroutine::getCid()] = true;
            // The Date value changes between the two runs; everything else must not.
            $seen['headers'][] = preg_replace('/^(Date:).*/i', '$1 ...', rtrim($line, "\r\n"));
            return strlen($line);
        },
        $old_progress ? CURLOPT_PROGRESSFUNCTION : CURLOPT_XFERINFOFUNCTION => function ($h, $dltotal, $dlnow, $ultotal, $ulnow) use (&$seen) {
            $seen['cid'][Coroutine::getCid()] = true;
            $seen['progress_calls']++;
            $seen['dl'] = [max($seen['dl'][0], $dltotal), max($seen['dl'][1], $dlnow)];
            return 0;
        },
    ]);
    $ok = curl_exec($h);
    return [
        'result' => [$ok, curl_errno($h), curl_getinfo($h, CURLINFO_RESPONSE_CODE)],
        'callbacks ran in the caller' => array_keys($seen['cid']) === [Coroutine::getCid()],
        'writes > 1' => $seen['writes'] > 1,
        'body exact' => $seen['body'] === curl_test_body(parse_url($url, PHP_URL_PATH), 100000),
        'headers' => $seen['headers'],
        'progress called' => $seen['progress_calls'] > 0,
        'progress dltotal, dlnow' => $seen['dl'],
    ];
}

/** A transfer whose first write callback does hooked I/O itself: a sleep and an http:// fetch. */
function callback_does_io(string $url, string $inner_url): string {
    $inner = null;
    $h = curl_init($url);
    curl_setopt_array($h, [CURLOPT_WRITEFUNCTION => function ($h, $data) use (&$inner, $inner_url) {
        if ($inner === null) {
            usleep(100000);
            $inner = file_get_contents($inner_url);
        }
        return strlen($data);
    }]);
    $ok = curl_exec($h);
    return json_encode([$ok, curl_errno($h)]) . ' inner ' . ($inner === curl_test_body(parse_url($inner_url, PHP_URL_PATH), 300) ? 'exact' : 'MISMATCH');
}

$slow = curl_slow_server();
$plain = [with_callbacks($slow->url('/xfer') . '?ms=50&bytes=100000', false),
          with_callbacks($slow->url('/xfer') . '?ms=50&bytes=100000', true)];

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_ALL);
run(function () use ($slow, $plain) {
    foreach ([false, true] as $i => $old) {
        $got = null;
        go(function () use (&$got, $slow, $old) { $got = with_callbacks($slow->url('/xfer') . '?ms=50&bytes=100000', $old); });
        while ($got === null) Coroutine::sleep(0.01);
        echo $old ? "PROGRESSFUNCTION" : "XFERINFOFUNCTION", " run: same as without hooks: ", var_export($got === $plain[$i], true), "\n";
        if ($got !== $plain[$i]) echo "  hooked ", json_encode($got), "\n  plain  ", json_encode($plain[$i]), "\n";
    }
    echo json_encode($plain[0], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";

    $ticks = 0;
    $stop = false;
    curl_ticker($ticks, $stop);
    $t0 = microtime(true);
    $wg = new Coroutine\WaitGroup();
    $out = [];
    for ($i = 0; $i < 4; $i++) {
        $wg->add();
        go(function () use ($i, $slow, &$out, $wg) {
            $out[$i] = callback_does_io($slow->url("/outer$i") . '?ms=300', $slow->url("/inner$i") . '?ms=100&bytes=300');
            $wg->done();
        });
    }
    $wg->wait();
    $wall = microtime(true) - $t0;
    $stop = true;
    ksort($out);
    echo "callbacks doing I/O: ", json_encode($out), "\n";
    // Each transfer: 0.3 s response, then 0.1 s usleep + 0.1 s inner fetch in its callback: 0.5 s
    // together, against at least 4 x 0.3 s + 0.2 s if curl_exec blocked the process.
    echo "the 4 overlap (< 1.0 s): ", var_export($wall < 1.0, true), sprintf(" (%.3f s)", $wall), "\n";
    echo "ticker ran meanwhile (>= 10 ticks): ", var_export($ticks >= 10, true), "\n";
});
echo "log: ", json_encode(trim($slow->stop())), "\n";
?>
--EXPECTF--
XFERINFOFUNCTION run: same as without hooks: true
PROGRESSFUNCTION run: same as without hooks: true
{
    "result": [
        true,
        0,
        200
    ],
    "callbacks ran in the caller": true,
    "writes > 1": true,
    "body exact": true,
    "headers": [
        "HTTP/1.1 200 OK",
        "Content-Type: application/octet-stream",
        "Date: ...",
        "Content-Length: 100000",
        ""
    ],
    "progress called": true,
    "progress dltotal, dlnow": [
        100000,
        100000
    ]
}
callbacks doing I/O: ["[true,0] inner exact","[true,0] inner exact","[true,0] inner exact","[true,0] inner exact"]
the 4 overlap (< 1.0 s): true (%f s)
ticker ran meanwhile (>= 10 ticks): true
log: ""
