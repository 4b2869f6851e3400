--TEST--
HTTP/3 request bodies are timed as on HTTP/1.1 and HTTP/2: a body that stalls for http_header_timeout gets 408, one trickling below http_body_min_rate gets 408 after a 5 s window, a paced upload above the rate is served (h3load --body-pace)
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); if (!is_executable(__DIR__ . '/../../bench/h3load/h3load')) die('skip bench/h3load/h3load not built (bench/h3load/build.sh)'); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_header_timeout' => 1,
              'http_body_min_rate' => 1000,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    $res->end((string)strlen((string)$req->rawContent()));
});
$server->start();
PHP);
$body = tempnam(sys_get_temp_dir(), 'trident_h3rate_');
register_shutdown_function(fn() => @unlink($body));
file_put_contents($body, str_repeat('p', 40000));
$h3load = __DIR__ . '/../../bench/h3load/h3load';
$upload = function (string $pace, float $min, float $max) use ($h3load, $srv, $body) {
    $t0 = microtime(true);
    [, $out] = trident_run([$h3load, '-n', '1', '-d', $body, "--body-pace=$pace", "https://127.0.0.1:{$srv->port}/"], null, 30);
    $t = microtime(true) - $t0;
    $status = preg_match('/^status codes: (.*)$/m', $out, $m) ? $m[1] : "no status line:\n$out";
    return "$status, after $min..$max s: " . ($t >= $min && $t < $max ? 'yes' : "no ($t)");
};
// 3 bytes, then nothing for 100 s.
echo "stalled: ", $upload('3:100000', 0.8, 3), "\n";
// 10 bytes every 0.5 s = 20 B/s.
echo "trickle: ", $upload('10:500', 4.5, 8), "\n";
// 10 kB every 0.5 s = 20 kB/s: the 40 kB take about 2 s and arrive whole.
echo "paced above the rate: ", $upload('10000:500', 1.4, 6), "\n";
$srv->stop();
?>
--EXPECT--
stalled: 0 2xx, 0 3xx, 1 4xx, 0 5xx, after 0.8..3 s: yes
trickle: 0 2xx, 0 3xx, 1 4xx, 0 5xx, after 4.5..8 s: yes
paced above the rate: 1 2xx, 0 3xx, 0 4xx, 0 5xx, after 1.4..6 s: yes
