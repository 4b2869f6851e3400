--TEST--
Services baseline (no hooks): a Trident handler does a Redis SET/GET/DEL round trip (binary value with NUL and 0xFF bytes, key unique to the request) against the private Redis instance and answers with the value read back, byte-exact
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['redis']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) {
    $c = trident_redis_config();
    $r = new Redis();
    $r->connect($c['host'], $c['port'], 10.0);
    $key = 'trident:test:' . bin2hex(random_bytes(8));
    $value = "v\0\xff" . ($req->get['v'] ?? '');
    $set = $r->set($key, $value, ['EX' => 60]);
    $got = $r->get($key);
    $del = $r->del($key);
    $gone = $r->get($key);
    $r->close();
    $res->header('X-Set', var_export($set, true));
    $res->header('X-Del', (string)$del);
    $res->header('X-Gone', var_export($gone, true));
    $res->end($got);
});
$server->start();
PHP, ['redis']);

[$code, $out, $err] = trident_curl(['-D', '-', $srv->url('/?v=hello%20redis')]);
echo "curl exit: $code\n";
[$head, $body] = explode("\r\n\r\n", $out, 2);
$lines = explode("\r\n", $head);
echo $lines[0], "\n";
foreach (array_slice($lines, 1) as $l) {
    [$name, $value] = explode(':', $l, 2);
    if (in_array(strtolower($name), ['x-set', 'x-del', 'x-gone'], true)) echo strtolower($name), ': ', trim($value), "\n";
}
echo "body hex: ", bin2hex($body), "\n";
$log = $srv->stop();
echo "server log: ", $log === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
curl exit: 0
HTTP/1.1 200 OK
x-set: true
x-del: 1
x-gone: false
body hex: 7600ff68656c6c6f207265646973
server log: (empty)
