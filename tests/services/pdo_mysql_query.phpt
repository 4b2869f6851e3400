--TEST--
Services baseline (no hooks): a Trident handler runs a server-side prepared PDO MySQL query (SELECT 42 AS answer, ? with a bound parameter) against the private MariaDB instance and answers with the row, byte-exact
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) {
    $c = trident_mysql_config();
    $pdo = new PDO(trident_mysql_dsn(), $c['user'], $c['password'], [
        PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
        PDO::ATTR_EMULATE_PREPARES => false,   // a real COM_STMT_PREPARE/EXECUTE round trip
        PDO::ATTR_TIMEOUT => 10,
    ]);
    $st = $pdo->prepare('SELECT 42 AS answer, ? AS echoed');
    $st->execute([$req->get['v'] ?? '']);
    $row = $st->fetch(PDO::FETCH_ASSOC);
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode([$row, get_debug_type($row['answer'])], JSON_UNESCAPED_UNICODE));
});
$server->start();
PHP, ['mysql']);

[$code, $out, $err] = trident_curl(['-w', '\n%{http_code}', '-G', '--data-urlencode', "v=it's \"quoted\" \\ ünï", $srv->url('/')]);
echo "curl exit: $code\n$out\n";
$log = $srv->stop();
echo "server log: ", $log === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
curl exit: 0
[{"answer":42,"echoed":"it's \"quoted\" \\ ünï"},"int"]
200
server log: (empty)
