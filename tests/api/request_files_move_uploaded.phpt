--TEST--
Request: uploaded temp files work with is_uploaded_file() and move_uploaded_file() (as in Swoole); a moved file survives the request
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $f = $req->files['f'] ?? null;
    $dest = $req->get['dest'];
    $r = [
        'is_uploaded_file(tmp)' => $f ? is_uploaded_file($f['tmp_name']) : 'no file',
        'is_uploaded_file(other)' => is_uploaded_file(__FILE__),
        'move_uploaded_file(other)' => @move_uploaded_file(__FILE__, $dest . '.other'),
        'move_uploaded_file(tmp)' => $f ? move_uploaded_file($f['tmp_name'], $dest) : 'no file',
    ];
    $res->end(json_encode($r));
});
$server->start();
PHP);
$upload = tempnam(sys_get_temp_dir(), 'trident_api_up_');
file_put_contents($upload, "moved content\n");
// A fresh directory of our own: nothing left there by an earlier run can pass for the result.
$destDir = tempnam(sys_get_temp_dir(), 'trident_api_moved_');
unlink($destDir);
mkdir($destDir, 0700);
$dest = "$destDir/moved";
echo api_curl(['-F', "f=@$upload;filename=m.txt", $srv->url('/?' . http_build_query(['dest' => $dest]))]), "\n";
api_curl([$srv->url('/?dest=x')]);   // a later request: the first one is complete
clearstatcache();
echo "moved file after the request: ", is_file($dest) ? json_encode(file_get_contents($dest)) : 'missing', "\n";
echo "non-upload moved: ", var_export(is_file("$dest.other"), true), "\n";
@unlink($dest);
@unlink("$dest.other");
rmdir($destDir);
unlink($upload);
$srv->stop();
?>
--EXPECT--
{"is_uploaded_file(tmp)":true,"is_uploaded_file(other)":false,"move_uploaded_file(other)":false,"move_uploaded_file(tmp)":true}
moved file after the request: "moved content\n"
non-upload moved: false
