--TEST--
HOOK_PGSQL correctness: through the hooks (default hook_flags) PDO pgsql and ext/pgsql give exactly what they give without hooks (hook_flags 0): prepared statements with int/bigint/float/bool/NULL/unicode text/bytea (all 256 byte values) read back byte-exact, transactions (a rollback really undoes, commit keeps), a syntax error's PDOException message and SQLSTATE 42601, a unique violation's 23505 with its detail, 10,000 rows intact, pg_result_error_field, LISTEN/NOTIFY with pg_get_notify
--SKIPIF--
<?php require __DIR__ . '/../support/services.inc'; trident_services_skipif(['pgsql']); ?>
--FILE--
<?php
require __DIR__ . '/../support/services.inc';

$code = <<<'PHP'
function pdo_part(): array {
    $out = [];
    $pdo = new PDO('pgsql:' . trident_pgsql_conninfo(), null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
    $pdo->exec('CREATE TEMP TABLE t (id serial PRIMARY KEY, name text UNIQUE, n bigint, f double precision, flag boolean, note text, b bytea)');
    $bin = implode('', array_map('chr', range(0, 255)));
    $rows = [
        ['ünïcödé ✓ 𝄞 "q" \'s\' \\ $1 ?', PHP_INT_MAX, 1.5, true, null, $bin],
        ['plain', -42, -0.25, false, '', "\x00\xff\x00"],
        ['', 0, 1e300, null, "multi\nline\ttext", ''],
    ];
    $ins = $pdo->prepare('INSERT INTO t (name, n, f, flag, note, b) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
    foreach ($rows as [$name, $n, $f, $flag, $note, $b]) {
        $ins->bindValue(1, $name);
        $ins->bindValue(2, $n, PDO::PARAM_INT);
        $ins->bindValue(3, (string)$f);
        $ins->bindValue(4, $flag, $flag === null ? PDO::PARAM_NULL : PDO::PARAM_BOOL);
        $ins->bindValue(5, $note, $note === null ? PDO::PARAM_NULL : PDO::PARAM_STR);
        $ins->bindValue(6, $b, PDO::PARAM_LOB);
        $ins->execute();
        $out[] = 'inserted id ' . $ins->fetchColumn();
    }
    $sel = $pdo->prepare('SELECT name, n, f, flag, note, b, length(b) AS len FROM t WHERE id = ?');
    foreach ($rows as $k => $want) {
        $sel->execute([$k + 1]);
        $got = $sel->fetch(PDO::FETCH_ASSOC);
        $b = is_resource($got['b']) ? stream_get_contents($got['b']) : $got['b'];
        $out[] = sprintf('row %d: name %s, n %s, f %s, flag %s, note %s, bytea %d bytes %s', $k + 1,
            var_export($got['name'] === $want[0], true), var_export($got['n'], true), var_export($got['f'], true),
            var_export($got['flag'], true), var_export($got['note'], true), $got['len'], var_export($b === $want[5], true));
    }
    $count = fn() => (int)$pdo->query('SELECT count(*) FROM t')->fetchColumn();
    $pdo->beginTransaction();
    $pdo->exec("INSERT INTO t (name) VALUES ('rolled back')");
    $in = $count();
    $pdo->rollBack();
    $out[] = "rollback: $in rows inside, {$count()} after, in transaction " . var_export($pdo->inTransaction(), true);
    $pdo->beginTransaction();
    $pdo->exec("INSERT INTO t (name) VALUES ('committed')");
    $pdo->commit();
    $out[] = "commit: {$count()} rows after";
    foreach (['SELEC 1', "INSERT INTO t (name) VALUES ('plain')", 'SELECT 1/0'] as $sql) {
        try {
            $pdo->query($sql);
            $out[] = "no error for $sql";
        } catch (PDOException $e) {
            $out[] = get_class($e) . ' code ' . $e->getCode() . ': ' . $e->getMessage() . ' | errorInfo ' . json_encode($e->errorInfo);
        }
    }
    $out[] = 'still usable: ' . $pdo->query("SELECT 'yes'")->fetchColumn();
    $st = $pdo->query("SELECT g, md5(g::text) AS h FROM generate_series(1, 10000) g ORDER BY g");
    $n = $sum = 0;
    $cat = '';
    while ($r = $st->fetch(PDO::FETCH_NUM)) { $n++; $sum += $r[0]; $cat .= $r[1]; }
    $server_md5 = $pdo->query("SELECT md5(string_agg(md5(g::text), '' ORDER BY g)) FROM generate_series(1, 10000) g")->fetchColumn();
    $out[] = "10000 rows: $n rows, sum $sum, concatenation matches the server's: " . var_export(md5($cat) === $server_md5, true);
    return $out;
}

function pg_part(): array {
    $out = [];
    $c = pg_connect(trident_pgsql_conninfo(), PGSQL_CONNECT_FORCE_NEW);
    pg_prepare($c, 'echo', 'SELECT $1::text AS t, $2::int AS i, $3::bytea AS b, $1::text IS NULL AS isnull');
    $bin = implode('', array_map('chr', range(0, 255)));
    foreach ([['ünï ✓ 𝄞', 7, $bin], [null, null, null]] as [$t, $i, $b]) {
        $r = pg_fetch_assoc(pg_execute($c, 'echo', [$t, $i, $b === null ? null : pg_escape_bytea($c, $b)]));
        $out[] = 'pg_execute: t ' . var_export($r['t'], true) . ', i ' . var_export($r['i'], true) . ', bytea '
               . var_export($r['b'] === null ? null : pg_unescape_bytea($r['b']) === $b, true) . ', isnull ' . $r['isnull'];
    }
    $r = @pg_query($c, 'SELECT * FROM no_such_table');
    $out[] = 'pg_query error: ' . var_export($r, true) . ', ' . trim(pg_last_error($c));
    pg_send_query($c, 'SELECT * FROM no_such_table');
    $res = pg_get_result($c);
    $out[] = 'sqlstate ' . pg_result_error_field($res, PGSQL_DIAG_SQLSTATE) . ', primary ' . pg_result_error_field($res, PGSQL_DIAG_MESSAGE_PRIMARY);
    $r = pg_query($c, 'SELECT count(*), sum(g) FROM generate_series(1, 10000) g');
    $out[] = 'aggregate: ' . json_encode(pg_fetch_row($r));
    $big = pg_query($c, 'SELECT g, repeat(chr(65 + g % 26), g % 50) FROM generate_series(1, 10000) g');
    $ok = pg_num_rows($big) === 10000;
    for ($g = 1; $ok && $g <= 10000; $g++) $ok = pg_fetch_row($big) === [(string)$g, str_repeat(chr(65 + $g % 26), $g % 50)];
    $out[] = '10000 rows through pg_query exact: ' . var_export($ok, true);
    pg_query($c, 'LISTEN trident_ch');
    $other = pg_connect(trident_pgsql_conninfo(), PGSQL_CONNECT_FORCE_NEW);
    pg_query($other, "NOTIFY trident_ch, 'hello ✓'");
    $n = false;
    for ($k = 0; $k < 50 && $n === false; $k++) {
        pg_query($c, 'SELECT 1');
        $n = pg_get_notify($c, PGSQL_ASSOC);
    }
    $out[] = 'notify: ' . ($n ? "{$n['message']} '{$n['payload']}'" : 'none');
    return $out;
}

$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'hook_flags' => HOOK_FLAGS]);
$server->on('Request', function ($req, $res) {
    $res->end(implode("\n", $req->server['path_info'] === '/pdo' ? pdo_part() : pg_part()) . "\n");
});
$server->start();
PHP;

$hooked = trident_services_server("const HOOK_FLAGS = Trident\\Runtime::HOOK_ALL;\n" . $code, ['pgsql']);
$plain = trident_services_server("const HOOK_FLAGS = 0;\n" . $code, ['pgsql']);
foreach (['/pdo', '/pg'] as $path) {
    [, $with] = trident_curl([$hooked->url($path)]);
    [, $without] = trident_curl([$plain->url($path)]);
    echo "$path through the hooks:\n$with", "same as without hooks: ", var_export($with === $without, true), "\n";
    if ($with !== $without) echo "without hooks:\n$without";
}
foreach (['hooked' => $hooked, 'plain' => $plain] as $name => $srv) {
    $log = $srv->stop();
    echo "$name server log: ", trim($log) === '' ? '(empty)' : $log, "\n";
}
?>
--EXPECT--
/pdo through the hooks:
inserted id 1
inserted id 2
inserted id 3
row 1: name true, n 9223372036854775807, f '1.5', flag true, note NULL, bytea 256 bytes true
row 2: name true, n -42, f '-0.25', flag false, note '', bytea 3 bytes true
row 3: name true, n 0, f '1e+300', flag NULL, note 'multi
line	text', bytea 0 bytes true
rollback: 4 rows inside, 3 after, in transaction false
commit: 4 rows after
PDOException code 42601: SQLSTATE[42601]: Syntax error: 7 ERROR:  syntax error at or near "SELEC"
LINE 1: SELEC 1
        ^ | errorInfo ["42601",7,"ERROR:  syntax error at or near \"SELEC\"\nLINE 1: SELEC 1\n        ^"]
PDOException code 23505: SQLSTATE[23505]: Unique violation: 7 ERROR:  duplicate key value violates unique constraint "t_name_key"
DETAIL:  Key (name)=(plain) already exists. | errorInfo ["23505",7,"ERROR:  duplicate key value violates unique constraint \"t_name_key\"\nDETAIL:  Key (name)=(plain) already exists."]
PDOException code 22012: SQLSTATE[22012]: Division by zero: 7 ERROR:  division by zero | errorInfo ["22012",7,"ERROR:  division by zero"]
still usable: yes
10000 rows: 10000 rows, sum 50005000, concatenation matches the server's: true
same as without hooks: true
/pg through the hooks:
pg_execute: t 'ünï ✓ 𝄞', i '7', bytea true, isnull f
pg_execute: t NULL, i NULL, bytea NULL, isnull t
pg_query error: false, ERROR:  relation "no_such_table" does not exist
LINE 1: SELECT * FROM no_such_table
                      ^
sqlstate 42P01, primary relation "no_such_table" does not exist
aggregate: ["10000","50005000"]
10000 rows through pg_query exact: true
notify: trident_ch 'hello ✓'
same as without hooks: true
hooked server log: (empty)
plain server log: (empty)
