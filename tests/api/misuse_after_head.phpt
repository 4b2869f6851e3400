--TEST--
Misuse: header()/status()/cookie()/redirect()/sendfile() after the head was sent by write() return false with a warning and change nothing
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
        case '/late':
            $res->header('X-Early', 'yes');
            $res->write('head sent;');
            $state['late'] = [
                'header' => $res->header('X-Late', 'no'),
                'status' => $res->status(500),
                'cookie' => $res->cookie('late', '1'),
                'rawCookie' => $res->rawCookie('late2', '1'),
                'redirect' => $res->redirect('/x'),
                'sendfile' => $res->sendfile(__FILE__),
                'writable' => $res->isWritable(),
            ];
            $state['late']['end'] = $res->end('body continues');
            return;
        case '/after-end':
            $res->end('ended');
            $state['after-end'] = ['header' => $res->header('X-Late', 'no'), 'status' => $res->status(404)];
            return;
        default:
            $res->end('still serving');
    }
});
$server->start();
PHP);
echo api_show(api_curl(['-i', $srv->url('/late')]));
echo api_show(api_curl(['-i', $srv->url('/after-end'), $srv->url('/ok')]));
echo api_curl([$srv->url('/state')]), "\n";
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
HTTP/1.1 200 OK
X-Early: yes
Content-Type: text/html
Date: <date>
Transfer-Encoding: chunked

head sent;body continues
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 5

ended
HTTP/1.1 200 OK
Content-Type: text/html
Date: <date>
Content-Length: 13

still serving
{"late":{"header":false,"status":false,"cookie":false,"rawCookie":false,"redirect":false,"sendfile":false,"writable":true,"end":true},"after-end":{"header":false,"status":false}}
Warning: Trident\Http\Response::header(): Cannot set a header: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::status(): Cannot set the status: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::cookie(): Cannot set a cookie: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::rawCookie(): Cannot set a cookie: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::redirect(): Cannot redirect: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::sendfile(): Cannot send a file: the response has already started in <script> on line <n>
Warning: Trident\Http\Response::header(): Cannot set a header: the response head has already been sent in <script> on line <n>
Warning: Trident\Http\Response::status(): Cannot set the status: the response head has already been sent in <script> on line <n>
