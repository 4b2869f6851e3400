--TEST--
Frameworks: a Symfony 5.4 micro-kernel app through the standard front controller with APP_RUNTIME=Trident\Symfony\Runtime, over HTTP/1.1, HTTP/2 and HTTP/3: JSON controller, cookies, a form POST with a file upload, a StreamedResponse, a BinaryFileResponse download (with Range), kernel.terminate, services reset between requests
--SKIPIF--
<?php require __DIR__ . '/symfony.inc'; symfony_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/symfony.inc';
$srv = fw_symfony_server();
$up = tempnam(sys_get_temp_dir(), 'fw_up_');
file_put_contents($up, random_bytes(300000));
$sha = hash_file('sha256', $up);
$stream = symfony_expected_stream(5000000);
foreach (['1.1', '2'] as $p) {
    echo "--- HTTP/$p\n";
    for ($i = 0; $i < 2; $i++) {
        [$st, $h, $b] = fw_curl($srv, $p, '/json?x=1', ['-b', 'theme=dark']);
        echo "json: $st {$h['content-type']} ", str_replace(":{$srv->port}", ':PORT', $b), "\n";
    }
    [$st, $h, $b] = fw_curl($srv, $p, '/hello/Ada');
    echo "hello: $st {$h['content-type']} x-protocol={$h['x-protocol']} set-cookie={$h['set-cookie']} ", trim($b), "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/upload', ['-F', 'title=Report', '-F', "doc=@$up;type=application/pdf;filename=r.pdf"]);
    $j = json_decode($b, true);
    $d = $j['files']['doc'] ?? [];
    echo "upload: $st fields=", json_encode($j['fields']), " doc={$d['name']},{$d['type']},{$d['size']},valid=", var_export($d['valid'], true),
        " sha=", $d['sha256'] === $sha ? 'ok' : 'BAD', " moved=", $d['moved_sha256'] === $sha ? 'ok' : 'BAD', "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/stream/5000000');
    echo "stream: $st {$h['content-type']} ", strlen($b), " bytes ", $b === $stream ? 'ok' : 'BAD', "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/download?path=' . rawurlencode($up));
    echo "download: $st {$h['content-disposition']} length={$h['content-length']} ", hash('sha256', $b) === $sha ? 'ok' : 'BAD', "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/download?path=' . rawurlencode($up), ['-r', '100-199']);
    echo "range: $st {$h['content-range']} ", $b === substr((string)file_get_contents($up), 100, 100) ? 'ok' : 'BAD', "\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/nope');
    echo "missing: $st\n";
    [$st, $h, $b] = fw_curl($srv, $p, '/terminated');
    echo "terminated so far: ", implode(', ', array_slice(json_decode($b, true), -3)), "\n";
}
echo "--- HTTP/3\n";
[$st, $h, $b] = fw_h3($srv, '/json?x=3');
echo "json: $st {$h['content-type']} $b\n";
[$st, $h, $b] = fw_h3($srv, '/stream/5000000');
echo "stream: $st ", strlen($b), " bytes ", $b === $stream ? 'ok' : 'BAD', "\n";
[$st, $h, $b] = fw_h3($srv, '/download?path=' . rawurlencode($up));
echo "download: $st {$h['content-disposition']} ", hash('sha256', $b) === $sha ? 'ok' : 'BAD', "\n";
unlink($up);
$log = $srv->stop();
echo str_contains($log, 'Fatal') || str_contains($log, 'Warning') || str_contains($log, 'Runner:') ? "log:\n$log" : "log clean\n";
?>
--EXPECT--
--- HTTP/1.1
json: 200 application/json {"hello":"world","protocol":"HTTP\/1.1","secure":true,"host":"127.0.0.1","query":{"x":"1"},"cookies":{"theme":"dark"},"count":1}
json: 200 application/json {"hello":"world","protocol":"HTTP\/1.1","secure":true,"host":"127.0.0.1","query":{"x":"1"},"cookies":{"theme":"dark"},"count":1}
hello: 200 text/plain; charset=UTF-8 x-protocol=HTTP/1.1 set-cookie=seen=Ada; path=/; secure; httponly; samesite=lax Hello, Ada!
upload: 201 fields={"title":"Report"} doc=r.pdf,application/pdf,300000,valid=true sha=ok moved=ok
stream: 200 application/octet-stream 5000000 bytes ok
download: 200 attachment; filename=report.bin length=300000 ok
range: 206 bytes 100-199/300000 ok
missing: 404
terminated so far: /download 200, /download 206, /nope 404
--- HTTP/2
json: 200 application/json {"hello":"world","protocol":"HTTP\/2","secure":true,"host":"127.0.0.1","query":{"x":"1"},"cookies":{"theme":"dark"},"count":1}
json: 200 application/json {"hello":"world","protocol":"HTTP\/2","secure":true,"host":"127.0.0.1","query":{"x":"1"},"cookies":{"theme":"dark"},"count":1}
hello: 200 text/plain; charset=UTF-8 x-protocol=HTTP/2 set-cookie=seen=Ada; path=/; secure; httponly; samesite=lax Hello, Ada!
upload: 201 fields={"title":"Report"} doc=r.pdf,application/pdf,300000,valid=true sha=ok moved=ok
stream: 200 application/octet-stream 5000000 bytes ok
download: 200 attachment; filename=report.bin length=300000 ok
range: 206 bytes 100-199/300000 ok
missing: 404
terminated so far: /download 200, /download 206, /nope 404
--- HTTP/3
json: 200 application/json {"hello":"world","protocol":"HTTP\/3","secure":true,"host":"127.0.0.1","query":{"x":"3"},"cookies":[],"count":1}
stream: 200 5000000 bytes ok
download: 200 attachment; filename=report.bin ok
log clean
