--TEST--
Request: upload_max_filesize (UPLOAD_ERR_INI_SIZE), a MAX_FILE_SIZE field (UPLOAD_ERR_FORM_SIZE, for the files after it) and file_uploads=0 as in PHP: no temp file kept for a refused upload; same as php -S
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$dump = <<<'PHP'
function size_dump(?array $files, ?array $post): string {
    $out = [];
    foreach ($files ?? [] as $k => $f) {
        $f['tmp_name'] = $f['tmp_name'] === '' ? '' : (is_file($f['tmp_name']) ? 'stored' : 'missing');
        $out[] = "$k error={$f['error']} size={$f['size']} type={$f['type']} tmp={$f['tmp_name']}";
    }
    $out[] = 'temp files in upload_tmp_dir: ' . count(glob(ini_get('upload_tmp_dir') . '/*'));
    $out[] = 'post ' . json_encode($post ?? []);
    return implode("\n", $out) . "\n";
}
PHP;
$code = $dump . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->end($req->server['request_uri'] === '/done' ? 'done' : size_dump($req->files, $req->post));
});
$server->start();
PHP;
$base = sys_get_temp_dir() . '/trident_api_sizes_' . getmypid();
$tmp = "$base/trident";
$refTmp = "$base/php";
$docroot = "$base/docroot";
foreach ([$base, $tmp, $refTmp, $docroot] as $d) @mkdir($d);
file_put_contents("$docroot/index.php", "<?php\n$dump\necho size_dump(\$_FILES, \$_POST);\n");
$files = [];
foreach (['five' => 5, 'eleven' => 11, 'four' => 4, 'three' => 3, 'zero' => 0] as $k => $len) {
    $files[$k] = "$base/$k.bin";
    file_put_contents($files[$k], str_repeat('x', $len));
}
$args = ['-F', "small=@{$files['five']};type=text/plain", '-F', "big=@{$files['eleven']};type=text/plain",
    '-F', 'MAX_FILE_SIZE=3', '-F', "form=@{$files['four']};type=text/plain", '-F', "tiny=@{$files['three']};type=text/plain",
    '-F', "empty=@{$files['zero']};type=text/plain"];

foreach ([['upload_max_filesize' => '10'], ['file_uploads' => '0']] as $ini) {
    echo implode(' ', array_map(fn($k, $v) => "$k=$v", array_keys($ini), $ini)), ":\n";
    $srv = api_server_with_ini(['upload_tmp_dir' => $tmp] + $ini, $code);
    $t = api_curl(array_merge($args, [$srv->url('/')]));
    echo $t;
    api_curl([$srv->url('/done')]);
    echo "after the request: ", count(glob("$tmp/*")), " temp files left\n";
    $refPort = api_php_reference($docroot, ['upload_tmp_dir' => $refTmp] + $ini);
    $p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort/"]));
    echo "php -S: ", $p === $t ? 'same' : "DIFFERENT\n$p", "\n";
    // No warning is expected: PHP refuses these uploads silently.
    echo ltrim(api_log_php_messages($srv->stop()));
}
foreach ($files as $f) unlink($f);
unlink("$docroot/index.php");
foreach ([$tmp, $refTmp, $docroot, $base] as $d) @rmdir($d);
?>
--EXPECT--
upload_max_filesize=10:
small error=0 size=5 type=text/plain tmp=stored
big error=1 size=0 type= tmp=
form error=2 size=0 type= tmp=
tiny error=0 size=3 type=text/plain tmp=stored
empty error=0 size=0 type=text/plain tmp=stored
temp files in upload_tmp_dir: 3
post {"MAX_FILE_SIZE":"3"}
after the request: 0 temp files left
php -S: same
file_uploads=0:
temp files in upload_tmp_dir: 0
post {"MAX_FILE_SIZE":"3"}
after the request: 0 temp files left
php -S: same
