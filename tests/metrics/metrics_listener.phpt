--TEST--
metrics listener: the reactor answers GET /metrics in the Prometheus text format (parsed by python3-prometheus-client's parser: every family typed, counters match the requests made) and /health (200 ok) without PHP, while the only worker is busy; HEAD, 404, 405, keep-alive; bad 'metrics' values warn
--SKIPIF--
<?php require __DIR__ . '/../support/server.inc'; trident_test_skipif(['curl', 'python3']);
if (trident_run(['/usr/bin/python3', '-c', 'import prometheus_client'])[0] !== 0) die('skip python3-prometheus-client missing'); ?>
--FILE--
<?php
require __DIR__ . '/../support/server.inc';
$mport = trident_free_port();
$srv = new TridentTestServer("\$MPORT = $mport;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'metrics' => "127.0.0.1:$MPORT",
              'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) {
    if ($req->server['request_uri'] === '/missing') { $res->status(404); $res->end('no'); return; }
    if ($req->server['request_uri'] === '/slow') Trident\Coroutine::sleep(1.2);
    // /block holds the only worker without yielding: PHP cannot answer anything meanwhile.
    if ($req->server['request_uri'] === '/block') { $t = microtime(true) + 2; while (microtime(true) < $t) {} }
    $res->end('hi');
});
$server->start();
PHP);
for ($i = 0; $i < 5; $i++) trident_curl([$srv->url('/')]);
// For the status classes and the latency histogram: two 404s from PHP, a 400 from the server
// itself (no Host), one HTTP/2 answer, one answer after 1.2 s.
trident_curl([$srv->url('/missing')]);
trident_curl([$srv->url('/missing')]);
trident_raw($srv->port, "GET / HTTP/1.1\r\n\r\n");
trident_curl(['--http2-prior-knowledge', $srv->url('/')]);
trident_curl([$srv->url('/slow')]);
$m = "http://127.0.0.1:$mport";
$parse = <<<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
fams = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
def val(name, **labels):
    for s in fams[name].samples:
        if all(s.labels.get(k) == v for k, v in labels.items()) and s.name.endswith('_total') == (fams[name].type == 'counter'):
            return int(s.value)
print("families", len(fams), "untyped", sum(1 for f in fams.values() if f.type == 'unknown'))
print("up", val('trident_up'), "requests http1", val('trident_requests', protocol='http1'),
      "responses", val('trident_responses'), "worker0", val('trident_worker_requests', worker='0'))
print("rss > 1 MiB:", val('trident_worker_resident_memory_bytes', worker='0') > 1 << 20)
for proto in ('http1', 'http2', 'http3'):
    print(proto, ' '.join(c + ' ' + str(val('trident_http_responses', protocol=proto, status_class=c)) for c in ('1xx', '2xx', '3xx', '4xx', '5xx')))
h = fams['trident_http_response_duration_seconds']
buckets = {s.labels['le']: int(s.value) for s in h.samples if s.name.endswith('_bucket')}
count = [int(s.value) for s in h.samples if s.name.endswith('_count')][0]
total = [s.value for s in h.samples if s.name.endswith('_sum')][0]
print("histogram", h.type, "count", count, "le=1:", buckets['1'], "le=2.5:", buckets['2.5'], "+Inf:", buckets['+Inf'],
      "sum >= 1.2:", total >= 1.2, "monotonic:", list(buckets.values()) == sorted(buckets.values()))
PY;
[$code, $body] = trident_curl([$m . '/metrics']);
[, $out, $err] = trident_run(['/usr/bin/python3', '-c', $parse], $body);
echo $out, $err;
echo "content-type: ", trim(trident_curl(['-s', '-o', '/dev/null', '-w', '%{content_type}', "$m/metrics"])[1]), "\n";

// The worker is busy for 2 s: the metrics listener still answers at once.
$busy = proc_open(['curl', '-s', $srv->url('/block')], [1 => ['file', '/dev/null', 'w']], $pipes);
usleep(400000);
$t = microtime(true);
[, $h] = trident_curl(['-s', '-w', ' %{http_code}', "$m/health"]);
printf("health while the worker is busy: %s in < 1 s: %s\n", $h, microtime(true) - $t < 1 ? 'yes' : 'no');
// The busy request's coroutine is live; nothing waits for a worker channel.
$during = trident_curl(["$m/metrics"])[1];
preg_match('/^trident_worker_coroutines\{worker="0"\} (\d+)$/m', $during, $co);
preg_match('/^trident_ipc_queued_bytes (-?\d+)$/m', $during, $q);
echo "while busy: coroutines ", $co[1] ?? '?', ", ipc queued ", $q[1] ?? '?', "\n";
proc_close($busy);
preg_match('/^trident_worker_coroutines\{worker="0"\} (\d+)$/m', trident_curl(["$m/metrics"])[1], $co);
echo "after: coroutines ", $co[1] ?? '?', "\n";

echo "HEAD: ", trim(trident_curl(['-s', '-I', '-o', '/dev/null', '-w', '%{http_code} %{size_download}', "$m/metrics"])[1]), "\n";
echo "other path: ", trim(trident_curl(['-s', '-o', '/dev/null', '-w', '%{http_code}', "$m/x"])[1]), "\n";
echo "POST: ", trim(trident_curl(['-s', '-X', 'DELETE', '-o', '/dev/null', '-w', '%{http_code}', "$m/metrics"])[1]), "\n";
// Two requests on one connection (curl reuses it: num_connects 0 for the second).
echo "keep-alive: ", trim(trident_curl(['-s', '-o', '/dev/null', '-o', '/dev/null', '-w', '%{http_code}/%{num_connects} ', "$m/health", "$m/metrics"])[1]), "\n";
$srv->stop();

// Bad values warn and leave the setting out.
$s = new Trident\Http\Server('127.0.0.1', 0);
foreach (['nonsense', '127.0.0.1:99999', '::1:9100', 42] as $bad) {
    echo var_export(@$s->set(['metrics' => $bad]), true), ' ', error_get_last()['message'], "\n";
}
var_export($s->set(['metrics' => '127.0.0.1:0'])); echo "\n";
var_export($s->set(['metrics' => null])); echo "\n";
?>
--EXPECT--
families 50 untyped 0
up 1 requests http1 8 responses 10 worker0 9
rss > 1 MiB: True
http1 1xx 0 2xx 6 3xx 0 4xx 3 5xx 0
http2 1xx 0 2xx 1 3xx 0 4xx 0 5xx 0
http3 1xx 0 2xx 0 3xx 0 4xx 0 5xx 0
histogram histogram count 10 le=1: 9 le=2.5: 10 +Inf: 10 sum >= 1.2: True monotonic: True
content-type: text/plain; version=0.0.4; charset=utf-8
health while the worker is busy: ok
 200 in < 1 s: yes
while busy: coroutines 1, ipc queued 0
after: coroutines 0
HEAD: 200 0
other path: 404
POST: 405
keep-alive: 200/1 200/0
false Trident\Http\Server::set(): metrics must be an address "host:port" or "[ipv6]:port", "nonsense" given
false Trident\Http\Server::set(): metrics must be an address "host:port" or "[ipv6]:port", "127.0.0.1:99999" given
false Trident\Http\Server::set(): metrics must be an address "host:port" or "[ipv6]:port", "::1:9100" given
false Trident\Http\Server::set(): Setting "metrics" must be of type string|null, int given
true
true
