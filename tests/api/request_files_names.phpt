--TEST--
Request: $files names as PHP gives them: the part after the last '/' or '\' (IE/Windows paths, UNC, escapes), full_path as sent; empty filename is UPLOAD_ERR_NO_FILE; type stops at ';'; a bracket-broken file field is skipped and so is every file after it; same as php -S
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$dump = <<<'PHP'
function names_dump(?array $files, ?array $post): string {
    $out = [];
    foreach ($files ?? [] as $k => $f) {
        $f['tmp_name'] = $f['tmp_name'] === '' ? '' : (is_file($f['tmp_name']) ? 'stored' : 'missing');
        $out[] = $k . ' ' . json_encode($f, JSON_UNESCAPED_SLASHES);
    }
    $out[] = 'post ' . json_encode($post ?? []);
    return implode("\n", $out) . "\n";
}
PHP;
$srv = new TridentTestServer($dump . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) { $res->end(names_dump($req->files, $req->post)); });
$server->start();
PHP);
$docroot = sys_get_temp_dir() . '/trident_api_names_' . getmypid();
@mkdir($docroot);
file_put_contents("$docroot/index.php", "<?php\n$dump\necho names_dump(\$_FILES, \$_POST);\n");
$refPort = api_php_reference($docroot);

// Raw Content-Disposition values as a browser or a script may send them; inside the quotes only
// \" and \\ are escapes.
$b = 'XyZ123';
$part = fn($name, $filename, $data, $type = 'text/plain') =>
    "--$b\r\nContent-Disposition: form-data; name=\"$name\"; filename=\"$filename\"\r\nContent-Type: $type\r\n\r\n$data\r\n";
$body = $part('ie', '..\..\win.ini', 'a')
    . $part('win', 'C:\Users\me\report.txt', 'b')
    . $part('unc', '\\\\server\share\f.txt', 'c')
    . $part('mixed1', 'a/b\c', 'd')
    . $part('mixed2', 'a\b/c', 'e')
    . $part('unix', '../../etc/passwd', 'f')
    . $part('dir', 'dir/', 'g')
    . $part('escaped', 'x\\\\', 'h')
    . $part('quote', 'q\"uo.txt', 'i')
    . $part('spaces', '  spaced name.txt  ', 'j')
    . $part('nofile', '', 'data but no filename')
    . $part('charset', 'ok.txt', 'k', 'text/plain; charset=utf-8')
    . "--$b\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nkept\r\n"
    . $part('broken[a', 'x.txt', 'l')
    . $part('late', 'y.txt', 'm')
    . "--$b\r\nContent-Disposition: form-data; name=\"after\"\r\n\r\nalso kept\r\n"
    . "--$b--\r\n";
$args = ['-H', "Content-Type: multipart/form-data; boundary=$b", '--data-binary', $body];
$t = api_curl(array_merge($args, [$srv->url('/')]));
echo $t;
$p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort/"]));
echo "php -S: ", $p === $t ? 'same' : "DIFFERENT\n$p", "\n";
unlink("$docroot/index.php");
rmdir($docroot);
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
ie {"name":"win.ini","full_path":"..\\..\\win.ini","type":"text/plain","tmp_name":"stored","error":0,"size":1}
win {"name":"report.txt","full_path":"C:\\Users\\me\\report.txt","type":"text/plain","tmp_name":"stored","error":0,"size":1}
unc {"name":"f.txt","full_path":"\\server\\share\\f.txt","type":"text/plain","tmp_name":"stored","error":0,"size":1}
mixed1 {"name":"c","full_path":"a/b\\c","type":"text/plain","tmp_name":"stored","error":0,"size":1}
mixed2 {"name":"c","full_path":"a\\b/c","type":"text/plain","tmp_name":"stored","error":0,"size":1}
unix {"name":"passwd","full_path":"../../etc/passwd","type":"text/plain","tmp_name":"stored","error":0,"size":1}
dir {"name":"","full_path":"dir/","type":"text/plain","tmp_name":"stored","error":0,"size":1}
escaped {"name":"","full_path":"x\\","type":"text/plain","tmp_name":"stored","error":0,"size":1}
quote {"name":"q\"uo.txt","full_path":"q\"uo.txt","type":"text/plain","tmp_name":"stored","error":0,"size":1}
spaces {"name":"  spaced name.txt  ","full_path":"  spaced name.txt  ","type":"text/plain","tmp_name":"stored","error":0,"size":1}
nofile {"name":"","full_path":"","type":"","tmp_name":"","error":4,"size":0}
charset {"name":"ok.txt","full_path":"ok.txt","type":"text/plain","tmp_name":"stored","error":0,"size":1}
post {"field":"kept","after":"also kept"}
php -S: same
