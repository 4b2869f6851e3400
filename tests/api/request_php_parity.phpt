--TEST--
Request: $get, $post, $cookie and $files equal PHP's own $_GET, $_POST, $_COOKIE and $_FILES (php -S as the reference) for the same requests
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
// Both sides print the same JSON; temp paths are masked, and "none" (null in Trident, [] in PHP) is [].
$normalize = <<<'PHP'
function parity_dump($get, $post, $cookie, $files) {
    $files ??= [];
    array_walk_recursive($files, function (&$v, $k) {
        if (is_string($v) && $v !== '' && str_starts_with($v, sys_get_temp_dir() . '/')) $v = is_file($v) ? 'TMP:' . md5_file($v) : 'TMP:missing';
    });
    return json_encode(['get' => $get ?? [], 'post' => $post ?? [], 'cookie' => $cookie ?? [], 'files' => $files], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}
PHP;
$srv = new TridentTestServer($normalize . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->end(parity_dump($req->get, $req->post, $req->cookie, $req->files));
});
$server->start();
PHP);
$dir = sys_get_temp_dir() . '/trident_api_parity_' . getmypid();
@mkdir($dir);
file_put_contents("$dir/index.php", "<?php\n$normalize\necho parity_dump(\$_GET, \$_POST, \$_COOKIE, \$_FILES);\n");
$refPort = trident_free_port();
$ref = proc_open([PHP_BINARY, '-n', '-S', "127.0.0.1:$refPort", '-t', $dir], [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['pipe', 'w']], $pipes);
register_shutdown_function(function () use ($ref) { if (is_resource($ref) && proc_get_status($ref)['running']) proc_terminate($ref); });
// It says "Development Server (http://...) started" on stderr once it listens.
stream_set_timeout($pipes[2], 10);
$line = (string)fgets($pipes[2]);
if (!str_contains($line, 'started')) echo "reference server: $line\n";

$f1 = "$dir/one.txt";
$f2 = "$dir/two.bin";
file_put_contents($f1, "one\r\n");
file_put_contents($f2, "two\0\xff");
$boundary = 'XyZ123';
$emptyFile = "--$boundary\r\nContent-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n--$boundary--\r\n";
$cases = [
    'query arrays and decoding' => ['-g', '/?a[]=1&a[]=2&b[x]=y&s=hello%20world&p=1+2&u=%C3%A9'],
    'query nesting, repeats, bare names' => ['-g', '/?enc%5Bk%5D=v&m[a][b]=deep&n[]=x&n[5]=y&n[]=z&x=1&x=2&bare&empty='],
    'query name mangling' => ['-g', '/?a.b=1&c%20d=2&e[f.g]=3&[x=4'],
    'cookies' => ['-b', 'a=1; c=x+y%2B; a=2; u=%C3%A9; e=; arr[k]=v', '/'],
    'urlencoded body' => ['-d', 'name=J%C3%BCrgen+M&list[]=a&list[]=b&map[k]=v&sym=%26%3D', '/'],
    'multipart fields and a file' => ['-F', 'title=Hello World', '-F', 'tags[]=red', '-F', 'tags[]=green', '-F', 'meta[lang]=en', '-F', "f=@$f1;filename=report.txt;type=text/plain", '/'],
    'multipart file arrays' => ['-F', "many[]=@$f1;filename=a.txt;type=text/plain", '-F', "many[]=@$f2;filename=b.bin;type=application/octet-stream", '-F', "named[x]=@$f1;filename=x.txt;type=text/plain", '/'],
    'multipart nested file names' => ['-F', "a[x][y]=@$f1;filename=n.txt;type=text/plain", '-F', "b[][k]=@$f2;filename=m.bin;type=application/octet-stream", '/'],
    'multipart file name with a path' => ['-F', "p=@$f1;filename=dir/sub/file.txt;type=text/plain", '/'],
    'multipart empty file input' => ['-H', "Content-Type: multipart/form-data; boundary=$boundary", '--data-binary', $emptyFile, '/'],
];
foreach ($cases as $label => $args) {
    $path = array_pop($args);
    $t = api_curl(array_merge($args, [$srv->url($path)]));
    $p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort$path"]));
    echo $label, ": ", $t === $p ? 'same' : "DIFFERENT\n  trident: $t\n  php:     $p", "\n";
}
proc_terminate($ref);
foreach (glob("$dir/*") as $f) unlink($f);
rmdir($dir);
$srv->stop();
?>
--EXPECT--
query arrays and decoding: same
query nesting, repeats, bare names: same
query name mangling: same
cookies: same
urlencoded body: same
multipart fields and a file: same
multipart file arrays: same
multipart nested file names: same
multipart file name with a path: same
multipart empty file input: same
