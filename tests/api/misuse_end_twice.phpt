--TEST--
Misuse: end() twice returns false with a warning (also write/redirect/sendfile after end); the first response stands, the server keeps serving
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$state = [];
$server->on('Request', function ($req, $res) use (&$state) {
    switch ($req->server['request_uri']) {
        case '/state':
            $res->end(json_encode($state));
            return;
        case '/twice':
            $state['twice'] = [$res->end('first'), $res->end('second')];
            return;
        case '/after-end':
            $res->end('done');
            $state['after-end'] = [
                'write' => $res->write('more'),
                'redirect' => $res->redirect('/elsewhere'),
                'sendfile' => $res->sendfile(__FILE__),
                'writable' => $res->isWritable(),
            ];
            return;
        default:
            $res->end('still serving');
    }
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/twice'), $srv->url('/after-end'), $srv->url('/ok')]));
echo api_curl([$srv->url('/state')]), "\n";
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 5

first
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 4

done
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 13

still serving
{"twice":[true,false],"after-end":{"write":false,"redirect":false,"sendfile":false,"writable":false}}
Warning: Trident\Http\Response::end(): Cannot end: the response has already ended in <script> on line <n>
Warning: Trident\Http\Response::write(): Cannot write: the response has already ended in <script> on line <n>
Warning: Trident\Http\Response::redirect(): Cannot redirect: the response has already ended in <script> on line <n>
Warning: Trident\Http\Response::sendfile(): Cannot send a file: the response has already ended in <script> on line <n>
