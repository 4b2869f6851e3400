--TEST--
Request: max_file_uploads as in PHP: 30 file parts store 20 files (default) in upload_tmp_dir, the other 10 leave no temp file and no $files entry, one warning; all removed after the request; max_file_uploads=3 stores 3; same as php -S
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
// Both servers report with this; it runs inside the request, while PHP still holds the uploads.
$dump = <<<'PHP'
function upload_dump(?array $files, ?array $post): string {
    $dir = ini_get('upload_tmp_dir');
    $files ??= [];
    $stored = 0;
    foreach ($files as $f) if (dirname($f['tmp_name']) === $dir && is_file($f['tmp_name'])) $stored++;
    return json_encode(['max_file_uploads' => ini_get('max_file_uploads'), 'files' => implode(',', array_keys($files)),
        'stored in upload_tmp_dir' => $stored, 'temp files there' => count(glob("$dir/*")), 'post' => $post ?? []]);
}
PHP;
$code = $dump . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    // The worker handles one request at a time: when /done runs, the upload request is over.
    $res->end($req->server['request_uri'] === '/done' ? 'done' : upload_dump($req->files, $req->post));
});
$server->start();
PHP;
$base = sys_get_temp_dir() . '/trident_api_maxup_' . getmypid();
$tmp = "$base/trident";
$refTmp = "$base/php";
$docroot = "$base/docroot";
foreach ([$base, $tmp, $refTmp, $docroot] as $d) @mkdir($d);
file_put_contents("$docroot/index.php", "<?php\n$dump\necho upload_dump(\$_FILES, \$_POST);\n");
$src = "$base/upload.txt";
file_put_contents($src, "file content\n");
$args = ['-F', 'before=1'];
for ($i = 1; $i <= 30; $i++) array_push($args, '-F', "f$i=@$src;filename=n$i.txt;type=text/plain");
array_push($args, '-F', 'after=2');
$left = fn() => count(glob("$tmp/*"));

$srv = api_server_with_ini(['upload_tmp_dir' => $tmp], $code);
$t = api_curl(array_merge($args, [$srv->url('/')]));
echo "trident: $t\n";
api_curl([$srv->url('/done')]);
echo "after the request: ", $left(), " temp files left\n";
echo api_log_php_messages($srv->stop());

$refPort = api_php_reference($docroot, ['upload_tmp_dir' => $refTmp]);
$p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort/"]));
// php -S prints its startup warning into the page, before the JSON.
$p = substr($p, (int)strpos($p, '{'));
echo "php -S: ", $p === $t ? 'same' : "DIFFERENT: $p", "\n";

$srv = api_server_with_ini(['upload_tmp_dir' => $tmp, 'max_file_uploads' => 3], $code);
echo "trident, max_file_uploads=3: ", api_curl(array_merge($args, [$srv->url('/')])), "\n";
api_curl([$srv->url('/done')]);
echo "after the request: ", $left(), " temp files left\n";
echo api_log_php_messages($srv->stop());

foreach (["$src", "$docroot/index.php"] as $f) unlink($f);
foreach ([$tmp, $refTmp, $docroot, $base] as $d) @rmdir($d);
?>
--EXPECT--
trident: {"max_file_uploads":"20","files":"f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,f11,f12,f13,f14,f15,f16,f17,f18,f19,f20","stored in upload_tmp_dir":20,"temp files there":20,"post":{"before":"1","after":"2"}}
after the request: 0 temp files left
Warning: Trident\Http\Server::start(): Maximum number of allowable file uploads has been exceeded in <script> on line <n>
php -S: same
trident, max_file_uploads=3: {"max_file_uploads":"3","files":"f1,f2,f3","stored in upload_tmp_dir":3,"temp files there":3,"post":{"before":"1","after":"2"}}
after the request: 0 temp files left
Warning: Trident\Http\Server::start(): Maximum number of allowable file uploads has been exceeded in <script> on line <n>
