--TEST--
Request: $files for -F many[]=@a -F many[]=@b (and named[x]) has PHP's $_FILES layout
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$srv = new TridentTestServer(<<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) {
    $files = $req->files;
    $contents = [];
    array_walk_recursive($files, function (&$v, $k) use (&$contents) {
        if (is_string($v) && $v !== '' && ($k === 'tmp_name' || str_starts_with($v, sys_get_temp_dir() . '/'))) {
            $contents[] = is_file($v) ? file_get_contents($v) : '(missing)';
            $v = 'TMP';
        }
    });
    $res->header('Content-Type', 'application/json');
    $res->end(json_encode(['files' => $files, 'contents' => $contents, 'post' => $req->post], JSON_UNESCAPED_SLASHES));
});
$server->start();
PHP);
$a = tempnam(sys_get_temp_dir(), 'trident_api_a_');
$b = tempnam(sys_get_temp_dir(), 'trident_api_b_');
file_put_contents($a, "AAAA");
file_put_contents($b, "BBBBBBBB\0");
$r = json_decode(api_curl([
    '-F', "many[]=@$a;filename=a.txt;type=text/plain",
    '-F', "many[]=@$b;filename=b.bin;type=application/octet-stream",
    '-F', "named[x]=@$a;filename=x.txt;type=text/plain",
    '-F', 'field=v',
    $srv->url('/'),
]), true);
echo "many:\n";
foreach ($r['files']['many'] as $k => $v) echo "  $k: ", api_json($v), "\n";
echo "named:\n";
foreach ($r['files']['named'] as $k => $v) echo "  $k: ", api_json($v), "\n";
echo "contents: ", api_json($r['contents']), "\n";
echo "post: ", api_json($r['post']), "\n";
unlink($a);
unlink($b);
$srv->stop();
?>
--EXPECT--
many:
  name: ["a.txt","b.bin"]
  full_path: ["a.txt","b.bin"]
  type: ["text/plain","application/octet-stream"]
  tmp_name: ["TMP","TMP"]
  error: [0,0]
  size: [4,9]
named:
  name: {"x":"x.txt"}
  full_path: {"x":"x.txt"}
  type: {"x":"text/plain"}
  tmp_name: {"x":"TMP"}
  error: {"x":0}
  size: {"x":4}
contents: ["AAAA","BBBBBBBB\u0000","AAAA"]
post: {"field":"v"}
