--TEST--
Services baseline (no hooks): a Trident handler runs pg_connect + pg_query_params ($1/$2 bound server-side) against the private PostgreSQL instance, authenticating with a password over TCP, and answers with the row, byte-exact
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$srv = trident_services_server(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1]);
$server->on('Request', function ($req, $res) {
    $c = pg_connect(trident_pgsql_conninfo(), PGSQL_CONNECT_FORCE_NEW);
    $r = pg_query_params($c, 'SELECT $1::int * 2 AS doubled, $2::text AS echoed, current_user AS me, current_database() AS db',
                         [21, $req->get['v'] ?? '']);
    $row = pg_fetch_assoc($r);
    pg_close($c);
    $res->end(json_encode($row, JSON_UNESCAPED_UNICODE));
});
$server->start();
PHP, ['pgsql']);

[$code, $out, $err] = trident_curl(['-w', '\n%{http_code}', '-G', '--data-urlencode', "v=it's \$1 \"ünï\"", $srv->url('/')]);
echo "curl exit: $code\n$out\n";
$log = $srv->stop();
echo "server log: ", $log === '' ? '(empty)' : $log, "\n";
?>
--EXPECT--
curl exit: 0
{"doubled":"42","echoed":"it's $1 \"ünï\"","me":"trident","db":"trident"}
200
server log: (empty)
