--TEST--
Request: $cookie and urlencoded $post follow PHP's own parsers byte for byte (php -S as the reference): cookie values untrimmed, duplicates judged on PHP's mangled name, nameless pairs skipped; POST split on '&' only, empty pairs, %00 in names; max_input_nesting_level (64) for query, cookie, POST and multipart names
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$dump = <<<'PHP'
function rules_dump(?array $get, ?array $post, ?array $cookie): string {
    // ?keys: only the top-level names, for the deeply nested cases.
    if (isset($get['keys'])) {
        unset($get['keys']);
        return json_encode(array_map(fn($a) => array_keys($a ?? []), ['get' => $get, 'cookie' => $cookie, 'post' => $post]));
    }
    return json_encode(['cookie' => $cookie ?? [], 'post' => $post ?? []]);
}
PHP;
$srv = new TridentTestServer($dump . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4]);
$server->on('Request', function ($req, $res) { $res->end(rules_dump($req->get, $req->post, $req->cookie)); });
$server->start();
PHP);
$docroot = sys_get_temp_dir() . '/trident_api_rules_' . getmypid();
@mkdir($docroot);
file_put_contents("$docroot/index.php", "<?php\n$dump\necho rules_dump(\$_GET, \$_POST, \$_COOKIE);\n");
$refPort = api_php_reference($docroot);
$cookies = [
    "a=1 ; b=2",
    "a=1;;b=2;",
    "=x; y; z=",
    "a b=1; a_b=2; a.b=3",
    "a[x]=1; a=2",
    "a=1; a[x]=2",
    "a[x]=1; a[x]=2",
    "a[b=1; a_b=2",
    "x[a b.c=1; x_a_b_c=2",
    "a=%20%2B+; b=\"q\"",
    " \ta=1;\tb=2",
    "[x]=1; .y=2",
    "1=a; 01=b; 1=c",
    "a=1, b=2",
    "a==b=c",
];
$posts = ["a=1&&b=2", "&a=1", "a=1;b=2&c", "=1&b", "a%00b=1&c=%00x", "a.b=1&a b=2&a[b=3", "k=1&k=2&k[]=3"];
foreach ($cookies as $c) {
    $args = ['-H', "Cookie: $c"];
    $t = api_curl(array_merge($args, [$srv->url('/')]));
    $p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort/"]));
    echo "Cookie: $c => $t", $t === $p ? '' : " (php -S: $p)", "\n";
}
foreach ($posts as $body) {
    $args = ['--data-binary', $body];
    $t = api_curl(array_merge($args, [$srv->url('/')]));
    $p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort/"]));
    echo "POST $body => $t", $t === $p ? '' : " (php -S: $p)", "\n";
}
// 65 levels of brackets are one too many for max_input_nesting_level=64: PHP drops that name.
$too_deep = 'deep' . str_repeat('[x]', 65) . '=1';
$deep = 'ok' . str_repeat('[x]', 64) . '=2';
$nested = [
    'query' => ['-g', "/?keys&$too_deep&$deep&flat=3"],
    'cookie' => ['-H', "Cookie: $too_deep; $deep; flat=3", '/?keys'],
    'POST' => ['--data-binary', "$too_deep&$deep&flat=3", '/?keys'],
    'multipart' => ['-F', $too_deep, '-F', $deep, '-F', 'flat=3', '/?keys'],
];
foreach ($nested as $label => $args) {
    $path = array_pop($args);
    $t = api_curl(array_merge($args, [$srv->url($path)]));
    $p = api_curl(array_merge($args, ["http://127.0.0.1:$refPort$path"]));
    echo "nesting, $label => $t", $t === $p ? '' : " (php -S: $p)", "\n";
}
unlink("$docroot/index.php");
rmdir($docroot);
echo api_log_php_messages($srv->stop());
?>
--EXPECT--
Cookie: a=1 ; b=2 => {"cookie":{"a":"1 ","b":"2"},"post":[]}
Cookie: a=1;;b=2; => {"cookie":{"a":"1","b":"2"},"post":[]}
Cookie: =x; y; z= => {"cookie":{"y":"","z":""},"post":[]}
Cookie: a b=1; a_b=2; a.b=3 => {"cookie":{"a_b":"1"},"post":[]}
Cookie: a[x]=1; a=2 => {"cookie":{"a":{"x":"1"}},"post":[]}
Cookie: a=1; a[x]=2 => {"cookie":{"a":{"x":"2"}},"post":[]}
Cookie: a[x]=1; a[x]=2 => {"cookie":{"a":{"x":"2"}},"post":[]}
Cookie: a[b=1; a_b=2 => {"cookie":{"a_b":"1"},"post":[]}
Cookie: x[a b.c=1; x_a_b_c=2 => {"cookie":{"x_a_b_c":"1"},"post":[]}
Cookie: a=%20%2B+; b="q" => {"cookie":{"a":" ++","b":"\"q\""},"post":[]}
Cookie:  	a=1;	b=2 => {"cookie":{"a":"1","b":"2"},"post":[]}
Cookie: [x]=1; .y=2 => {"cookie":{"_y":"2"},"post":[]}
Cookie: 1=a; 01=b; 1=c => {"cookie":{"1":"a","01":"b"},"post":[]}
Cookie: a=1, b=2 => {"cookie":{"a":"1, b=2"},"post":[]}
Cookie: a==b=c => {"cookie":{"a":"=b=c"},"post":[]}
POST a=1&&b=2 => {"cookie":[],"post":{"a":"1","b":"2"}}
POST &a=1 => {"cookie":[],"post":{"a":"1"}}
POST a=1;b=2&c => {"cookie":[],"post":{"a":"1;b=2","c":""}}
POST =1&b => {"cookie":[],"post":{"b":""}}
POST a%00b=1&c=%00x => {"cookie":[],"post":{"a":"1","c":"\u0000x"}}
POST a.b=1&a b=2&a[b=3 => {"cookie":[],"post":{"a_b":"3"}}
POST k=1&k=2&k[]=3 => {"cookie":[],"post":{"k":["3"]}}
nesting, query => {"get":["ok","flat"],"cookie":[],"post":[]}
nesting, cookie => {"get":[],"cookie":["ok","flat"],"post":[]}
nesting, POST => {"get":[],"cookie":[],"post":["ok","flat"]}
nesting, multipart => {"get":[],"cookie":[],"post":["ok","flat"]}
