--TEST--
Static file handler's open-file cache: a file changed in place (size or time) or deleted is seen at once (fstat of the cached descriptor); one replaced by rename() is seen within a second; a file that appears later is served once it exists; the answers stay byte-exact under keep-alive
--SKIPIF--
<?php require __DIR__ . '/static.inc'; trident_test_skipif(['curl', 'brotli', 'zstd', 'mkfifo']); ?>
--FILE--
<?php
require __DIR__ . '/static.inc';
[$root, $outside, $base] = static_make_root();
$srv = new TridentTestServer(static_server_code($root));
$get = function (string $path) use ($srv) {
    [$status, $h, $body] = trident_parse_response(trident_raw($srv->port, "GET $path HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 10));
    return "$status " . (isset($h['x-php']) ? 'PHP ' : '') . trim($body);
};
file_put_contents("$root/c.txt", "version 1\n");
echo $get('/c.txt'), ' | ', $get('/c.txt'), "\n";
file_put_contents("$root/c.txt", "version two\n");           // in place, another size
echo "changed size: ", $get('/c.txt'), "\n";
file_put_contents("$root/c.txt", "version 333\n");           // in place, same size
touch("$root/c.txt", time() + 5);
echo "changed time: ", $get('/c.txt'), "\n";
unlink("$root/c.txt");
echo "deleted: ", $get('/c.txt'), "\n";
file_put_contents("$root/c.txt", "back again\n");
echo "created: ", $get('/c.txt'), "\n";
file_put_contents("$root/c.new", "renamed over\n");
rename("$root/c.new", "$root/c.txt");
$first = $get('/c.txt');
echo "renamed over, at once: ", in_array($first, ['200 back again', '200 renamed over'], true) ? 'old or new' : $first, "\n";
usleep(1100000);
echo "renamed over, after 1.1 s: ", $get('/c.txt'), "\n";
echo "late file: ", $get('/late.txt'), "\n";
file_put_contents("$root/late.txt", "late\n");
echo "late file: ", $get('/late.txt'), "\n";
[$code, $out] = trident_curl(array_merge(...array_fill(0, 20, [$srv->url('/index.html'), $srv->url('/one.bin')])));
echo "keep-alive x40: ", var_export($out === str_repeat(file_get_contents("$root/index.html") . file_get_contents("$root/one.bin"), 20), true), "\n";
$srv->stop();
static_rm($base);
?>
--EXPECT--
200 version 1 | 200 version 1
changed size: 200 version two
changed time: 200 version 333
deleted: 404 PHP php: GET /c.txt
created: 200 back again
renamed over, at once: old or new
renamed over, after 1.1 s: 200 renamed over
late file: 404 PHP php: GET /late.txt
late file: 200 late
keep-alive x40: true
