--TEST--
Services baseline (no hooks): a Trident handler uses mysqli against the private MariaDB instance (query, a temporary table filled through a prepared statement with bound parameters, read back) and answers with the rows, byte-exact
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['mysql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) {
    mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
    $c = trident_mysql_config();
    $m = mysqli_init();
    $m->options(MYSQLI_OPT_CONNECT_TIMEOUT, 10);
    $m->real_connect($c['host'], $c['user'], $c['password'], $c['db'], $c['port']);
    $m->set_charset('utf8mb4');
    $out = [$m->query('SELECT 6 * 7 AS answer, DATABASE() AS db, CURRENT_USER() LIKE \'trident@%\' AS me')->fetch_assoc()];
    $m->query('CREATE TEMPORARY TABLE t (id INT PRIMARY KEY, v VARBINARY(64))');
    $st = $m->prepare('INSERT INTO t VALUES (?, ?)');
    foreach ([1 => "one", 2 => "tw\0o", 3 => "ünï"] as $id => $v) {
        $st->bind_param('is', $id, $v);
        $st->execute();
    }
    foreach ($m->query('SELECT id, HEX(v) AS hex FROM t ORDER BY id')->fetch_all(MYSQLI_ASSOC) as $r) $out[] = $r;
    $m->close();
    $res->end(json_encode($out));
});
$server->start();
PHP, ['mysql']);

[$code, $out, $err] = trident_curl(['-w', '\n%{http_code}', $srv->url('/')]);
echo "curl exit: $code\n$out\n";
$log = $srv->stop();
echo "server log: ", $log === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
curl exit: 0
[{"answer":"42","db":"trident","me":"1"},{"id":"1","hex":"6F6E65"},{"id":"2","hex":"7477006F"},{"id":"3","hex":"C3BC6EC3AF"}]
200
server log: (empty)
