<?php
// Server for bench/run-compression.sh: GET /json answers a 100 KiB JSON document (the same
// bytes every time, built at start), compressed or not as the request's Accept-Encoding and
// the default http_compression* settings decide. h2c with prior knowledge and HTTP/1.1.
// Usage: php -n -d extension=/path/to/trident.so bench/compression-server.php PORT [SIZE_BYTES]
$port = (int)($argv[1] ?? 0);
$size = (int)($argv[2] ?? 102400);
if ($port <= 0 || $size <= 0) {
    fwrite(STDERR, "usage: compression-server.php PORT [SIZE_BYTES]\n");
    exit(2);
}
// Records such as an API returns: ids, names, flags, timestamps, nested tags.
$items = [];
for ($i = 0; strlen(json_encode($items)) < $size; $i++) {
    $items[] = ['id' => $i, 'name' => 'item ' . (($i * 7919) % 1000), 'active' => $i % 3 !== 0,
                'price' => round((($i * 37) % 10000) / 100, 2), 'created' => 1700000000 + $i * 3600,
                'tags' => array_slice(['red', 'green', 'blue', 'small', 'large', 'sale'], $i % 4, 2)];
}
$body = substr(json_encode($items), 0, $size);

$s = new Trident\Http\Server('127.0.0.1', $port);
$s->set(['worker_num' => 2, 'reactor_num' => 2, 'open_http2_protocol' => true, 'log_level' => Trident\Http\Server::LOG_WARNING]);
$s->on('Request', function ($req, $res) use ($body) {
    $res->header('Content-Type', 'application/json');
    $res->end($body);
});
$s->start();
