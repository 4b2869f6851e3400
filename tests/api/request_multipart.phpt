--TEST--
Request: multipart/form-data (curl -F): $post fields incl. tags[], $files entry with an exact temp file, removed after the request
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $res->header('Content-Type', 'application/json');
    if ($req->server['request_uri'] === '/exists') {
        // Same worker (worker_num 1): the earlier request is complete by now.
        clearstatcache();
        $res->end(json_encode(['exists' => file_exists($req->get['path'])]));
        return;
    }
    $seen = [];
    foreach ($req->files ?? [] as $field => $f) {
        $tmp = $f['tmp_name'];
        $seen[$field] = ['exists' => is_file($tmp), 'content' => is_file($tmp) ? file_get_contents($tmp) : null];
    }
    $res->end(json_encode(['post' => $req->post, 'files' => $req->files, 'seen' => $seen], JSON_UNESCAPED_SLASHES));
});
$server->start();
PHP);
$upload = tempnam(sys_get_temp_dir(), 'trident_api_up_');
$content = "first line\r\nsecond line\n--not-a-boundary\nend";
file_put_contents($upload, $content);
$out = api_curl([
    '-F', 'title=Hello World',
    '-F', 'tags[]=red', '-F', 'tags[]=green',
    '-F', 'meta[lang]=en',
    '-F', "f=@$upload;filename=report.txt;type=text/plain",
    $srv->url('/upload'),
]);
$r = json_decode($out, true);
if (!is_array($r)) { echo "bad response: $out\n"; }
echo "post: ", api_json($r['post']), "\n";
$f = $r['files']['f'];
echo "files keys: ", implode(',', array_keys($r['files'])), "\n";
echo "f fields: ", implode(',', array_keys($f)), "\n";
echo "name: {$f['name']} type: {$f['type']} error: ", var_export($f['error'], true), " size: ", var_export($f['size'], true), " (expected ", strlen($content), ")\n";
echo "tmp_name is an absolute path: ", var_export(is_string($f['tmp_name']) && $f['tmp_name'] !== '' && $f['tmp_name'][0] === '/', true), "\n";
echo "during the request: exists=", var_export($r['seen']['f']['exists'], true), " content matches=", var_export($r['seen']['f']['content'] === $content, true), "\n";
// After the request has completed, the temporary file is gone.
echo "after the request (server): ", api_curl(['-G', '--data-urlencode', 'path=' . $f['tmp_name'], $srv->url('/exists')]), "\n";
clearstatcache();
echo "after the request (test): exists=", var_export(file_exists($f['tmp_name']), true), "\n";
unlink($upload);
$srv->stop();
?>
--EXPECT--
post: {"title":"Hello World","tags":["red","green"],"meta":{"lang":"en"}}
files keys: f
f fields: name,full_path,type,tmp_name,error,size
name: report.txt type: text/plain error: 0 size: 44 (expected 44)
tmp_name is an absolute path: true
during the request: exists=true content matches=true
after the request (server): {"exists":false}
after the request (test): exists=false
