--TEST--
Request: max_input_vars as in PHP for $cookie, $get, urlencoded $post (php_std_post_handler keeps one more) and multipart fields (then max_multipart_body_parts), each with PHP's warning; 1,500 inputs against the default 1,000 and against max_input_vars=3; same counts as php -S
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl']);
--FILE--
<?php
require __DIR__ . '/api.inc';
$dump = <<<'PHP'
function vars_dump(?array $get, ?array $post, ?array $cookie): string {
    $out = [];
    foreach (['cookie' => $cookie, 'get' => $get, 'post' => $post] as $k => $a) {
        if ($a) $out[] = "$k " . count($a) . ' (' . array_key_first($a) . '..' . array_key_last($a) . ')';
    }
    return implode(', ', $out);
}
PHP;
$code = $dump . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
// 1,500 cookies make an 18 KB header.
$server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 4, 'http_max_header_size' => 65536]);
$server->on('Request', function ($req, $res) { $res->end(vars_dump($req->get, $req->post, $req->cookie)); });
$server->start();
PHP;
$docroot = sys_get_temp_dir() . '/trident_api_vars_' . getmypid();
@mkdir($docroot);
file_put_contents("$docroot/index.php", "<?php\n$dump\necho vars_dump(\$_GET, \$_POST, \$_COOKIE);\n");

$n = 1500;
$pairs = [];
for ($i = 0; $i < $n; $i++) $pairs[] = "v$i=$i";
$cookies = [];
for ($i = 0; $i < $n; $i++) $cookies[] = "c$i=$i";
$b = 'XyZ123';
$multipart = '';
for ($i = 0; $i < $n; $i++) $multipart .= "--$b\r\nContent-Disposition: form-data; name=\"m$i\"\r\n\r\n$i\r\n";
$multipart .= "--$b--\r\n";
$cases = [
    'cookies' => ['-H', 'Cookie: ' . implode('; ', $cookies), '/'],
    'query' => ['/?' . implode('&', $pairs)],
    'urlencoded body' => ['--data-binary', implode('&', $pairs), '/'],
    'multipart fields' => ['-H', "Content-Type: multipart/form-data; boundary=$b", '--data-binary', $multipart, '/'],
];
// php -S puts its warnings into the page ahead of the output.
$strip = fn($s) => preg_replace('~^(<br />\n<b>Warning</b>: .*\n)+~', '', $s);

foreach ([[], ['max_input_vars' => 3]] as $ini) {
    echo $ini ? "max_input_vars=3\n" : "default max_input_vars (1000)\n";
    $srv = $ini ? api_server_with_ini($ini, $code) : new TridentTestServer($code);
    $refPort = api_php_reference($docroot, $ini);
    foreach ($cases as $label => $args) {
        $path = array_pop($args);
        $t = api_curl(array_merge($args, [$srv->url($path)]));
        $p = $strip(api_curl(array_merge($args, ["http://127.0.0.1:$refPort$path"])));
        echo "  $label: $t", $t === $p ? ' (same as php -S)' : " (php -S: $p)", "\n";
    }
    echo api_log_php_messages($srv->stop());
}
unlink("$docroot/index.php");
rmdir($docroot);
?>
--EXPECT--
default max_input_vars (1000)
  cookies: cookie 1000 (c0..c999) (same as php -S)
  query: get 1000 (v0..v999) (same as php -S)
  urlencoded body: post 1001 (v0..v1000) (same as php -S)
  multipart fields: post 1000 (m0..m999) (same as php -S)
Warning: Trident\Http\Server::start(): Input variables exceeded 1000. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 1000. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 1000. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 1000. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Multipart body parts limit exceeded 1020. To increase the limit change max_multipart_body_parts in php.ini. in <script> on line <n>
max_input_vars=3
  cookies: cookie 3 (c0..c2) (same as php -S)
  query: get 3 (v0..v2) (same as php -S)
  urlencoded body: post 4 (v0..v3) (same as php -S)
  multipart fields: post 3 (m0..m2) (same as php -S)
Warning: Trident\Http\Server::start(): Input variables exceeded 3. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 3. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 3. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Input variables exceeded 3. To increase the limit change max_input_vars in php.ini. in <script> on line <n>
Warning: Trident\Http\Server::start(): Multipart body parts limit exceeded 23. To increase the limit change max_multipart_body_parts in php.ini. in <script> on line <n>
