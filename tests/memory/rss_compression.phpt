--TEST--
Memory: compressed responses (gzip, br and zstd; end() bodies coded in one shot and write() streams coded piece by piece, over h2c) leave the RSS of the master, the manager and the worker flat over 24,000 requests; every response was coded (the data bytes are a fraction of the plain ones)
--SKIPIF--
<?php require_once __DIR__ . '/../support/php_command.inc'; trident_skip_under_asan("RSS measured, and ASan's quarantine and shadow memory grow it by design; LeakSanitizer checks leaks instead");
require __DIR__ . '/rss.inc'; trident_test_skipif(['h2load', 'curl', 'pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/rss.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'open_http2_protocol' => true]);
$body = '';
for ($i = 0; strlen($body) < 16384; $i++) $body .= '{"id":' . $i . ',"name":"item ' . (($i * 7919) % 1000) . "\"}\n";
$body = substr($body, 0, 16384);
$server->on('Request', function ($req, $res) use ($server, $body) {
    if ($req->server['request_uri'] === '/pids') {
        $res->end(implode(',', array_column($server->stats()['workers'], 'pid')));
        return;
    }
    $res->header('Content-Type', 'application/json');
    if ($req->server['request_uri'] === '/stream') {
        foreach (str_split($body, 4096) as $piece) $res->write($piece);
        $res->end();
        return;
    }
    $res->end($body);
});
$server->start();
PHP);
$roles = rss_roles($srv, rss_worker_pids($srv));
// Requests of one kind; the data bytes h2load counted, per response.
$load = function (int $n, string $path, string $coding) use ($srv) {
    $out = trident_run(['h2load', '-n', (string)$n, '-c', '4', '-m', '8', '-H', "accept-encoding: $coding", $srv->url($path)], null, 120)[1];
    $data = preg_match('/^traffic: .*\((\d+)\) data/m', $out, $m) ? (int)$m[1] : -1;
    return [rss_h2load_summary($out), $data / $n];
};
$round = function (int $n) use ($load) {
    $lines = [];
    foreach (['/json', '/stream'] as $path) {
        foreach (['gzip', 'br', 'zstd'] as $coding) {
            [$summary, $per] = $load($n, $path, $coding);
            $lines[] = "$path $coding: $summary, coded: " . ($per > 0 && $per < 16384 / 4 ? 'yes' : "no ($per bytes per response)");
        }
    }
    return implode("\n", $lines);
};
echo "warm-up:\n", $round(1000), "\n";
$before = rss_snapshot($srv);
echo "measured:\n", $round(4000), "\n";
$after = rss_snapshot($srv);
echo rss_report($roles, $before, $after, 3072);
$srv->stop();
?>
--EXPECT--
warm-up:
/json gzip: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/json br: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/json zstd: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream gzip: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream br: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream zstd: 1000 of 1000 succeeded, failed 0, errored 0, timeout 0, coded: yes
measured:
/json gzip: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/json br: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/json zstd: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream gzip: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream br: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
/stream zstd: 4000 of 4000 succeeded, failed 0, errored 0, timeout 0, coded: yes
manager: flat
master: flat
worker: flat
