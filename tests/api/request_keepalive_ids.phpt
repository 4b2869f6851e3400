--TEST--
Request: $fd, $streamId 1,2,3 on one HTTP/1.1 keep-alive connection, $header, $server, getMethod(), rawContent(), getData()
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function (Trident\Http\Request $req, Trident\Http\Response $res) {
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode([
        'fd' => $req->fd, 'streamId' => $req->streamId, 'header' => $req->header, 'server' => $req->server,
        'method' => $req->getMethod(), 'raw' => $req->rawContent(), 'content' => $req->getContent(),
        'data' => $req->getData(), 'get' => $req->get, 'post' => $req->post, 'cookie' => $req->cookie, 'files' => $req->files,
    ]));
});
$server->start();
PHP);
$before = time();
// One curl, three URLs: curl reuses the connection. -w prints the client's port after each transfer.
[$code, $out, $err] = trident_curl(['-g', '-A', 'trident-test', '-H', 'X-Repeat: a', '-H', 'X-MiXeD-CaSe: v', '-H', 'X-Repeat: b',
    '-w', "\n%{local_port} %{num_connects}\n",
    $srv->url('/path/to?q=1'), $srv->url('/second'), $srv->url('/third/')]);
$after = time();
echo "curl exit $code $err\n";
$lines = explode("\n", trim($out));
$port = $srv->port;
$fds = [];
for ($i = 0; $i < 3; $i++) {
    $r = json_decode($lines[2 * $i], true);
    [$localPort, $connects] = explode(' ', $lines[2 * $i + 1]);
    $s = $r['server'];
    $fds[] = $r['fd'];
    echo "== request ", $i + 1, " (new connections: $connects)\n";
    echo "fd: ", is_int($r['fd']) && $r['fd'] > 0 ? 'positive int' : var_export($r['fd'], true), "\n";
    echo "streamId: ", var_export($r['streamId'], true), "\n";
    echo "header: ", str_replace((string)$port, 'PORT', api_json($r['header'])), "\n";
    foreach (['request_method', 'request_uri', 'path_info', 'query_string', 'server_protocol', 'remote_addr'] as $k) {
        echo "$k: ", array_key_exists($k, $s) ? var_export($s[$k], true) : '(missing)', "\n";
    }
    echo "remote_port is the client's port: ", var_export(($s['remote_port'] ?? null) === (int)$localPort, true), "\n";
    echo "server_port is the listening port: ", var_export(($s['server_port'] ?? null) === $port, true), "\n";
    echo "request_time int in range: ", var_export(is_int($s['request_time'] ?? null) && $s['request_time'] >= $before && $s['request_time'] <= $after, true), "\n";
    echo "request_time_float matches: ", var_export(is_float($s['request_time_float'] ?? null) && (int)floor($s['request_time_float']) === $s['request_time'], true), "\n";
    echo "method: {$r['method']} raw: ", var_export($r['raw'], true), " content: ", var_export($r['content'], true), "\n";
    echo "get/post/cookie/files: ", api_json([$r['get'], $r['post'], $r['cookie'], $r['files']]), "\n";
    echo "data: ", str_replace((string)$port, 'PORT', api_json($r['data'])), "\n";
}
echo "same fd on the connection: ", var_export(count(array_unique($fds)) === 1, true), "\n";
$srv->stop();
?>
--EXPECT--
curl exit 0 
== request 1 (new connections: 1)
fd: positive int
streamId: 1
header: {"host":"127.0.0.1:PORT","user-agent":"trident-test","accept":"*/*","x-repeat":"a, b","x-mixed-case":"v"}
request_method: 'GET'
request_uri: '/path/to'
path_info: '/path/to'
query_string: 'q=1'
server_protocol: 'HTTP/1.1'
remote_addr: '127.0.0.1'
remote_port is the client's port: true
server_port is the listening port: true
request_time int in range: true
request_time_float matches: true
method: GET raw: false content: false
get/post/cookie/files: [{"q":"1"},null,null,null]
data: "GET /path/to?q=1 HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUser-Agent: trident-test\r\nAccept: */*\r\nX-Repeat: a\r\nX-MiXeD-CaSe: v\r\nX-Repeat: b\r\n\r\n"
== request 2 (new connections: 0)
fd: positive int
streamId: 2
header: {"host":"127.0.0.1:PORT","user-agent":"trident-test","accept":"*/*","x-repeat":"a, b","x-mixed-case":"v"}
request_method: 'GET'
request_uri: '/second'
path_info: '/second'
query_string: (missing)
server_protocol: 'HTTP/1.1'
remote_addr: '127.0.0.1'
remote_port is the client's port: true
server_port is the listening port: true
request_time int in range: true
request_time_float matches: true
method: GET raw: false content: false
get/post/cookie/files: [null,null,null,null]
data: "GET /second HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUser-Agent: trident-test\r\nAccept: */*\r\nX-Repeat: a\r\nX-MiXeD-CaSe: v\r\nX-Repeat: b\r\n\r\n"
== request 3 (new connections: 0)
fd: positive int
streamId: 3
header: {"host":"127.0.0.1:PORT","user-agent":"trident-test","accept":"*/*","x-repeat":"a, b","x-mixed-case":"v"}
request_method: 'GET'
request_uri: '/third/'
path_info: '/third/'
query_string: (missing)
server_protocol: 'HTTP/1.1'
remote_addr: '127.0.0.1'
remote_port is the client's port: true
server_port is the listening port: true
request_time int in range: true
request_time_float matches: true
method: GET raw: false content: false
get/post/cookie/files: [null,null,null,null]
data: "GET /third/ HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nUser-Agent: trident-test\r\nAccept: */*\r\nX-Repeat: a\r\nX-MiXeD-CaSe: v\r\nX-Repeat: b\r\n\r\n"
same fd on the connection: true
