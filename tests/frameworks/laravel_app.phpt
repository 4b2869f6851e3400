--TEST--
Frameworks: a Laravel 8 app booted once per worker (Trident\Laravel\Worker) over HTTP/1.1, HTTP/2 and HTTP/3: routes, global and group middleware, a session-backed counter per client, a JSON API, configuration changes rolled back, request-scoped singletons, auth, a streamed response and a file download
--SKIPIF--
<?php require __DIR__ . '/laravel.inc'; laravel_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/laravel.inc';
$srv = fw_laravel_server();
$file = tempnam(sys_get_temp_dir(), 'fw_dl_');
file_put_contents($file, random_bytes(200000));
$sha = hash_file('sha256', $file);
foreach (['1.1', '2'] as $p) {
    echo "--- HTTP/$p\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/api/json?x=1');
    echo "json: $st {$h['content-type']} x-app={$h['x-app']} $b\n";
    $jar1 = tempnam(sys_get_temp_dir(), 'fw_jar_'); $jar2 = tempnam(sys_get_temp_dir(), 'fw_jar_');
    $counts = [];
    foreach ([$jar1, $jar1, $jar2, $jar1, $jar2] as $jar) {
        [$st, , $b] = fw_curl($srv, $p, '/counter', ['-c', $jar, '-b', $jar]);
        $counts[] = ($jar === $jar1 ? 'A' : 'B') . json_decode($b, true)['n'];
    }
    echo "counter (clients A and B): ", implode(' ', $counts), "\n";
    unlink($jar1); unlink($jar2);
    [$st, , $b] = fw_curl($srv, $p, '/api/items', ['-d', 'name=apple']);
    echo "post: $st $b\n";
    [$st, , $b] = fw_curl($srv, $p, '/api/config');
    echo "config changed: $st $b\n";
    [$st, , $b] = fw_curl($srv, $p, '/api/json');
    echo "next request: ", $b, "\n";
    [$st, , $b] = fw_curl($srv, $p, '/api/whoami?id=1', ['-H', 'X-User: ada', '-H', 'Accept: application/json']);
    echo "whoami: $st ", json_encode(array_intersect_key(json_decode($b, true), ['before' => 1, 'after' => 1])), "\n";
    [$st, , $b] = fw_curl($srv, $p, '/api/whoami', ['-H', 'Accept: application/json']);
    echo "whoami without a user: $st $b\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/api/stream');
    echo "stream: $st {$h['content-type']} ", strlen($b), " bytes, last line ", rtrim(trim(substr($b, -1024)), "."), "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/api/download?path=' . rawurlencode($file));
    echo "download: $st {$h['content-disposition']} length={$h['content-length']} ", hash('sha256', $b) === $sha ? 'ok' : 'BAD', "\n";
    [$st, , $b] = fw_curl($srv, $p, '/hello/Ada');
    echo "hello: $st ", trim($b), "\n";
    [$st, , $b] = fw_curl($srv, $p, '/api/nope', ['-H', 'Accept: application/json']);
    echo "missing: $st\n";
}
echo "--- HTTP/3\n";
[$st, $h, $b] = fw_h3($srv, '/api/json?x=3');
echo "json: $st {$h['content-type']} x-app={$h['x-app']} $b\n";
[$st, $h, $b] = fw_h3($srv, '/api/stream');
echo "stream: $st ", strlen($b), " bytes\n";
[$st, $h, $b] = fw_h3($srv, '/api/download?path=' . rawurlencode($file));
echo "download: $st {$h['content-disposition']} ", hash('sha256', $b) === $sha ? 'ok' : 'BAD', "\n";
unlink($file);
$log = $srv->stop();
echo str_contains($log, 'Fatal') || str_contains($log, 'Worker:') || str_contains($log, '.ERROR') ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
--- HTTP/1.1
json: 200 application/json x-app=laravel {"hello":"world","protocol":"HTTP\/1.1","query":{"x":"1"},"flag":"original","log":[]}
counter (clients A and B): A1 A2 B1 A3 B2
post: 201 {"created":"apple","log":["created apple"]}
config changed: 200 {"flag":"changed"}
next request: {"hello":"world","protocol":"HTTP\/1.1","query":[],"flag":"original","log":[]}
whoami: 200 {"before":["ada","1"],"after":["ada","1"]}
whoami without a user: 401 {"message":"Unauthenticated."}
stream: 200 text/plain; charset=UTF-8 1024000 bytes, last line line 999
download: 200 attachment; filename=report.bin length=200000 ok
hello: 200 Hello, Ada!
missing: 404
--- HTTP/2
json: 200 application/json x-app=laravel {"hello":"world","protocol":"HTTP\/2","query":{"x":"1"},"flag":"original","log":[]}
counter (clients A and B): A1 A2 B1 A3 B2
post: 201 {"created":"apple","log":["created apple"]}
config changed: 200 {"flag":"changed"}
next request: {"hello":"world","protocol":"HTTP\/2","query":[],"flag":"original","log":[]}
whoami: 200 {"before":["ada","1"],"after":["ada","1"]}
whoami without a user: 401 {"message":"Unauthenticated."}
stream: 200 text/plain; charset=UTF-8 1024000 bytes, last line line 999
download: 200 attachment; filename=report.bin length=200000 ok
hello: 200 Hello, Ada!
missing: 404
--- HTTP/3
json: 200 application/json x-app=laravel {"hello":"world","protocol":"HTTP\/3","query":{"x":"3"},"flag":"original","log":[]}
stream: 200 1024000 bytes
download: 200 attachment; filename=report.bin ok
log clean
