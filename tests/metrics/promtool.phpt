--TEST--
metrics listener: Prometheus's own checker (promtool check metrics, Debian's prometheus package) accepts the exposition after HTTP/1.1, HTTP/2 and HTTP/3 traffic with 2xx and 4xx answers: no parse error and no lint problem (names, units, HELP/TYPE lines, counter suffixes)
--SKIPIF--
<?php require __DIR__ . '/../http3/h3.inc'; h3_skipif(['curl']);
if (!is_executable('/usr/bin/promtool')) die('skip promtool missing (Debian package prometheus)'); ?>
--FILE--
<?php
require __DIR__ . '/../http3/h3.inc';
$c = tls_certs();
$mport = trident_free_port();
$srv = new TridentTestServer(h3_cert_vars($c) . "\$MPORT = $mport;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'metrics' => "127.0.0.1:$MPORT",
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/missing') $res->status(404);
    $res->end('hi');
});
$server->start();
PHP);
$url = "https://127.0.0.1:{$srv->port}";
echo "h1: ", trident_curl(['-sk', '--http1.1', '-o', '/dev/null', '-w', '%{http_code}', "$url/"])[1], "\n";
echo "h2: ", trident_curl(['-sk', '--http2', '-o', '/dev/null', '-w', '%{http_code}', "$url/missing"])[1], "\n";
$h3 = h3_client($srv->port, ['/']);
echo "h3: ", $h3['streams'][0]['status'] ?? $h3['log'], "\n";
[$code, $body] = trident_curl(["http://127.0.0.1:$mport/metrics"]);
echo "metrics: ", str_contains($body, 'trident_http_responses_total{protocol="http3",status_class="2xx"} 1') ? 'h3 counted' : $body, "\n";
[$rc, $out, $err] = trident_run(['/usr/bin/promtool', 'check', 'metrics'], $body);
echo "promtool: exit $rc", trim($out . $err) === '' ? '' : "\n$out$err", "\n";
// The checker does find problems when there are some (a counter without _total, no HELP).
[$rc, $out, $err] = trident_run(['/usr/bin/promtool', 'check', 'metrics'], "# TYPE bad counter\nbad 1\n");
echo "promtool on a bad exposition: exit $rc, ", str_contains($out . $err, 'counter metrics should have "_total" suffix') ? 'names the problem' : $out . $err, "\n";
$srv->stop();
?>
--EXPECT--
h1: 200
h2: 404
h3: 200
metrics: h3 counted
promtool: exit 0
promtool on a bad exposition: exit 3, names the problem
