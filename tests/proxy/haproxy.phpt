--TEST--
PROXY protocol behind a real haproxy: send-proxy (v1) and send-proxy-v2 to a cleartext listener (HTTP/1.1 and h2c), send-proxy-v2 in TCP mode in front of a TLS listener (HTTP/1.1 and HTTP/2 by ALPN); PHP sees the client's own address and port (curl's fixed --local-port), not haproxy's, and the server address the client connected to
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl', 'haproxy']); ?>
--FILE--
<?php
require __DIR__ . '/../tls/certs.inc';
$c = tls_certs();
$tls_port = trident_free_port();
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . "\$TLS_PORT = $tls_port;\n" . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4, 'open_http2_protocol' => true,
              'proxy_protocol' => true, 'proxy_protocol_trusted' => ['127.0.0.0/8']]);
$server->listen('127.0.0.1', $TLS_PORT, ['ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'proxy_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['request_uri'] === '/stats') {
        $s = $server->stats();
        $res->end("headers {$s['proxy_header_count']} errors {$s['proxy_header_error_count']} untrusted {$s['proxy_untrusted_count']}");
        return;
    }
    $s = $req->server;
    $res->end("{$s['server_protocol']} remote {$s['remote_addr']}:{$s['remote_port']} server {$s['server_addr']}:{$s['server_port']}"
              . (isset($s['https']) ? ' https' : ''));
});
$server->start();
PHP);
$port = $srv->port;

$v1_port = trident_free_port();
$v2_port = trident_free_port();
$tls_front = trident_free_port();
$base = tempnam(sys_get_temp_dir(), 'haproxy_');
$cfg = "$base.cfg";
file_put_contents($cfg, <<<CFG
global
    maxconn 100
defaults
    mode tcp
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend v1
    bind 127.0.0.1:$v1_port
    default_backend v1
backend v1
    server trident 127.0.0.1:$port send-proxy
frontend v2
    bind 127.0.0.1:$v2_port
    default_backend v2
backend v2
    server trident 127.0.0.1:$port send-proxy-v2
frontend tls
    bind 127.0.0.1:$tls_front
    default_backend tls
backend tls
    server trident 127.0.0.1:$tls_port send-proxy-v2

CFG);
$hp_log = $cfg . '.log';
$hp = proc_open(['haproxy', '-db', '-f', $cfg], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $hp_log, 'w'], 2 => ['file', $hp_log, 'w']], $pipes);
register_shutdown_function(function () use ($hp, $cfg, $hp_log) { proc_terminate($hp); proc_close($hp); @unlink($cfg); @unlink($hp_log); @unlink($base); });
// haproxy is ready once it accepts on its last frontend.
$deadline = microtime(true) + 10;
while (microtime(true) < $deadline && !($s = @stream_socket_client("tcp://127.0.0.1:$tls_front", $e, $es, 1))) usleep(50000);
if (isset($s) && $s) fclose($s);
else echo 'haproxy did not start: ', @file_get_contents($hp_log), "\n";

// A fixed client port proves the header is used: haproxy's own connection has another one.
$local = 0;
function via(array $args, string $url): string {
    global $local;
    $front = parse_url($url, PHP_URL_PORT);
    for ($try = 0; $try < 20; $try++) {
        $local = trident_free_port();
        [$rc, $out, $err] = trident_curl(array_merge(['--local-port', (string)$local], $args, [$url]));
        if ($rc !== 45) break;  // 45: the local port was taken meanwhile; pick another
    }
    $out = str_replace([":$local ", ":$front"], [':CLIENTPORT ', ':FRONTPORT'], $out);
    return $rc === 0 ? $out : "curl exit $rc: $err";
}
echo 'v1 h1:   ', via([], "http://127.0.0.1:$v1_port/"), "\n";
echo 'v1 h2c:  ', via(['--http2-prior-knowledge'], "http://127.0.0.1:$v1_port/"), "\n";
echo 'v2 h1:   ', via([], "http://127.0.0.1:$v2_port/"), "\n";
echo 'v2 h2c:  ', via(['--http2-prior-knowledge'], "http://127.0.0.1:$v2_port/"), "\n";
echo 'v2 tls1: ', via(['-k', '--http1.1'], "https://127.0.0.1:$tls_front/"), "\n";
echo 'v2 tls2: ', via(['-k', '--http2'], "https://127.0.0.1:$tls_front/"), "\n";
$counts = function () {
    preg_match('/headers (\d+) errors (\d+) untrusted (\d+)/', via([], "http://127.0.0.1:{$GLOBALS['v2_port']}/stats"), $m);
    return array_map('intval', array_slice($m, 1));
};
$before = $counts();
// Straight to the server, without a header: closed with nothing sent.
[$rc] = trident_curl(["http://127.0.0.1:$port/"]);
// 52 (empty reply) or 56 (reset: the request was unread when the server closed).
echo 'direct, no header: ', in_array($rc, [52, 56], true) ? 'closed without an answer' : "curl exit $rc", "\n";
$after = $counts();
// The second stats request's own header, the direct connection's missing one.
vprintf("stats: headers +%d errors +%d untrusted +%d\n", array_map(fn($a, $b) => $a - $b, $after, $before));
$log = $srv->stop();
echo $log === '' ? "clean stop\n" : "stop log: $log\n";
?>
--EXPECTF--
v1 h1:   HTTP/1.1 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT
v1 h2c:  HTTP/2 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT
v2 h1:   HTTP/1.1 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT
v2 h2c:  HTTP/2 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT
v2 tls1: HTTP/1.1 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT https
v2 tls2: HTTP/2 remote 127.0.0.1:CLIENTPORT server 127.0.0.1:FRONTPORT https
direct, no header: closed without an answer
stats: headers +1 errors +1 untrusted +0
clean stop
