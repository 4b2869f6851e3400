--TEST--
Compression of a streamed event stream (http_compression_event_stream on) over HTTP/1.1: each write() is flushed, so the client decodes every gzip'd event before the server writes the next (the handler waits for the client's acknowledgement of each one); end() finishes the gzip stream; detach() of the compressed response returns false with a warning, while an uncompressed one detaches; without the setting text/event-stream goes out uncoded
--SKIPIF--
<?php require __DIR__ . '/compression.inc'; cz_skipif(); if (!function_exists('inflate_init')) die('skip zlib extension'); ?>
--FILE--
<?php
require __DIR__ . '/compression.inc';
$dir = sys_get_temp_dir() . '/trident_cz_sse_' . getmypid();
@mkdir($dir);
$code = '$DIR = ' . var_export($dir, true) . ";\n" . <<<'PHP'
use Trident\Http\Response;
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_compression_event_stream' => $EVENT_STREAM]);
$server->on('Request', function ($req, $res) use ($DIR, $server, $EVENT_STREAM) {
    $note = fn(string $s) => file_put_contents("$DIR/log", $s . "\n", FILE_APPEND);
    $res->header('Content-Type', 'text/event-stream');
    $res->header('Cache-Control', 'no-cache');
    if ($req->server['request_uri'] === '/detach') {
        $res->write("data: first\n\n");
        $id = $res->detach();
        $note('uncompressed detach: ' . (is_int($id) && $id > 0 ? 'an id' : var_export($id, true)));
        if ($id) Response::create($server, $id)->end("data: bye\n\n");
        return;
    }
    for ($i = 0; $i < 5; $i++) {
        $res->write("id: $i\ndata: event $i " . str_repeat('abc', 40) . "\n\n");
        // The next event is written only once the client has decoded this one.
        $deadline = microtime(true) + 5;
        while (!file_exists("$DIR/ack$i") && microtime(true) < $deadline) usleep(10000);
        $note("event $i: " . (file_exists("$DIR/ack$i") ? 'acknowledged before the next write' : 'NOT acknowledged within 5 s'));
    }
    if ($EVENT_STREAM) {
        $warning = '';
        set_error_handler(function ($no, $msg) use (&$warning) { $warning = $msg; return true; });
        $ok = $res->detach();
        restore_error_handler();
        $note('compressed detach: ' . var_export($ok, true) . ", warning: $warning");
    }
    $res->end("event: bye\ndata: done\n\n");
});
$server->start();
PHP;
$srv = new TridentTestServer('$EVENT_STREAM = true;' . "\n" . $code);

// A raw HTTP/1.1 client that reads chunks as they come and inflates them incrementally.
$s = stream_socket_client("tcp://127.0.0.1:{$srv->port}", $errno, $errstr, 5);
fwrite($s, "GET /events HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
stream_set_timeout($s, 10);
$buf = '';
while (!str_contains($buf, "\r\n\r\n") && !feof($s)) $buf .= fread($s, 8192);
[$head, $buf] = explode("\r\n\r\n", $buf, 2);
$head = preg_replace('/Date: [^\r]*/', 'Date: -', $head);
echo $head, "\n\n";
$inflate = inflate_init(ZLIB_ENCODING_GZIP);
$decoded = '';
$acked = 0;
$deadline = microtime(true) + 20;
$ended = false;
while (!$ended && microtime(true) < $deadline) {
    // One chunk: size line, data, CRLF.
    while (!preg_match('/^([0-9a-f]+)\r\n/', $buf, $m) && !feof($s)) $buf .= fread($s, 8192);
    if (!isset($m[1])) break;
    $len = hexdec($m[1]);
    while (strlen($buf) < strlen($m[0]) + $len + 2 && !feof($s)) $buf .= fread($s, 8192);
    $chunk = substr($buf, strlen($m[0]), $len);
    $buf = substr($buf, strlen($m[0]) + $len + 2);
    unset($m);
    if ($len === 0) { $ended = true; break; }
    $decoded .= inflate_add($inflate, $chunk, ZLIB_SYNC_FLUSH);
    // Every complete event decoded so far is acknowledged at once.
    while ($acked < 5 && str_contains($decoded, "data: event $acked " . str_repeat('abc', 40) . "\n\n")) {
        touch("$dir/ack$acked");
        $acked++;
    }
}
fclose($s);
echo "events decoded and acknowledged: $acked, stream ended: ", var_export($ended, true),
    ", inflate status: ", inflate_get_status($inflate) === ZLIB_STREAM_END ? 'stream end' : inflate_get_status($inflate), "\n";
$want = '';
for ($i = 0; $i < 5; $i++) $want .= "id: $i\ndata: event $i " . str_repeat('abc', 40) . "\n\n";
$want .= "event: bye\ndata: done\n\n";
echo "decoded byte-exact: ", var_export($decoded === $want, true), "\n";

// Uncompressed (no Accept-Encoding): detach works.
$r = cz_fetch("http://127.0.0.1:{$srv->port}/detach");
echo "detach route: {$r['status']} content-encoding: ", cz_h($r, 'content-encoding'), ", body: ", json_encode($r['body']), "\n";
$log = $srv->stop();
echo file_get_contents("$dir/log");
echo $log === '' ? "server log clean\n" : "server log:\n$log";

// Without http_compression_event_stream the stream is not coded (and does not vary).
array_map('unlink', glob("$dir/*"));
$srv = new TridentTestServer('$EVENT_STREAM = false;' . "\n" . $code);
for ($i = 0; $i < 5; $i++) touch("$dir/ack$i");
$r = cz_fetch("http://127.0.0.1:{$srv->port}/events", ['-H', 'Accept-Encoding: gzip, br, zstd']);
echo "default: {$r['status']} content-encoding: ", cz_h($r, 'content-encoding'), ", vary: ", cz_h($r, 'vary'),
    ", body plain: ", var_export($r['body'] === $want, true), "\n";
$srv->stop();
array_map('unlink', glob("$dir/*"));
rmdir($dir);
?>
--EXPECT--
HTTP/1.1 200 OK
Content-Type: text/event-stream
Cache-Control: no-cache
Vary: Accept-Encoding
Content-Encoding: gzip
Date: -
Transfer-Encoding: chunked
Connection: close

events decoded and acknowledged: 5, stream ended: true, inflate status: stream end
decoded byte-exact: true
detach route: 200 content-encoding: -, body: "data: first\n\ndata: bye\n\n"
event 0: acknowledged before the next write
event 1: acknowledged before the next write
event 2: acknowledged before the next write
event 3: acknowledged before the next write
event 4: acknowledged before the next write
compressed detach: false, warning: Trident\Http\Response::detach(): Cannot detach: the response is compressed (Content-Encoding: gzip), and the coding cannot continue in another worker; send it uncompressed (http_compression_event_stream off for event streams, or a Content-Type outside http_compression_types)
uncompressed detach: an id
server log clean
default: 200 content-encoding: -, vary: -, body plain: true
