--TEST--
HTTP/1.1 pipelining with a reader slower than the writer: 20,000 pipelined requests whose responses (20 MB) back up the connection many times still all get their response, in order, on one connection
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $n = substr($req->server['request_uri'], 1);
    $res->end(str_pad("<$n>", 1000, '.'));
});
$server->start();
PHP);
$n = 20000;
$out = '';
for ($i = 0; $i < $n; $i++) $out .= "GET /$i HTTP/1.1\r\nHost: x\r\n\r\n";
$c = new H1Client($srv->port);
$next = 0;       // the response expected next
$bad = [];
$t0 = microtime(true);
while ($next < $n && microtime(true) - $t0 < 60) {
    if ($out !== '') {
        $w = @fwrite($c->sock, $out);
        if ($w > 0) $out = (string)substr($out, $w);
    }
    // Read in small sips with pauses, so the server's output keeps backing up.
    usleep(2000);
    $d = @fread($c->sock, 32768);
    if ($d === false || ($d === '' && feof($c->sock))) break;
    $c->buf .= $d;
    while (($p = strpos($c->buf, "\r\n\r\n")) !== false && strlen($c->buf) >= $p + 4 + 1000) {
        $body = substr($c->buf, $p + 4, 1000);
        if (!str_starts_with($body, "<$next>") && count($bad) < 3) $bad[] = "#$next got " . substr($body, 0, 12);
        $c->buf = (string)substr($c->buf, $p + 4 + 1000);
        $next++;
    }
}
echo "responses: $next of $n\n";
echo 'in order: ', $bad ? implode('; ', $bad) : 'yes', "\n";
$c->close();
$srv->stop();
?>
--EXPECT--
responses: 20000 of 20000
in order: yes
