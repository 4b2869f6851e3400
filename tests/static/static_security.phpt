--TEST--
Static file handler security: "..", %2e%2e, %2E%2E%2F, %00, backslashes (raw and %5c), bad percent-encoding, symlinks leaving the root (refused even with static_handler_allow_symlinks; symlinks inside it only with it), dotfiles (only with static_handler_allow_dotfiles), directories (index file or PHP, never a listing), a FIFO and a device are never served (and never block the handler); static_handler_locations and http_index_files; bad settings fail set() or start() with a clear message
--SKIPIF--
<?php require __DIR__ . '/static.inc'; trident_test_skipif(['curl', 'brotli', 'zstd', 'mkfifo']); ?>
--FILE--
<?php
require __DIR__ . '/static.inc';
[$root, $outside, $base] = static_make_root();
echo "device node made: ", var_export(is_file("$root/device") === false && file_exists("$root/device"), true), "\n";
$refused = ['/../one.bin', '/sub/../one.bin', '/%2e%2e/outside/secret.txt', '/sub/%2e%2e/one.bin', '/sub/%2E%2E%2Fone.bin',
    '/sub/..%2fone.bin', '/one.bin%00', '/one.bin%00.txt', '/sub%5c..%5cone.bin', '/sub%5Cindex.html', '/%zz', '/one.bin%2',
    '/escape.txt', '/escape-dir/secret.txt', '/inside-link.bin', '/.secret', '/%2esecret', '/.git/config', '/sub/.hidden',
    '/fifo', '/fifo', '/fifo', '/fifo', '/fifo', '/device', '/noidx/', '/sub', '/escape-dir/'];

echo "== defaults\n";
$srv = new TridentTestServer(static_server_code($root));
foreach ($refused as $t) echo "$t: ", static_brief($srv->port, $t), "\n";
// A raw backslash is not even a valid request target for the parser; whatever answers, not the file.
[$s, $h, $body] = trident_parse_response(trident_raw($srv->port, "GET /sub\\..\\one.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
echo "raw backslash: $s ", isset($h['x-php']) ? 'PHP' : 'not PHP', ' ', var_export($body !== file_get_contents("$root/one.bin"), true), "\n";
echo "/sub/: ", static_brief($srv->port, '/sub/'), "\n";
echo "/sub/./index.html: ", static_brief($srv->port, '/sub/./index.html'), "\n";
echo "//sub//index.html: ", static_brief($srv->port, '//sub//index.html'), "\n";
echo "still serving: ", static_brief($srv->port, '/style.css'), "\n";
$srv->stop();

echo "== allow_symlinks, allow_dotfiles, index files\n";
$srv = new TridentTestServer(static_server_code($root, ['static_handler_allow_symlinks' => true, 'static_handler_allow_dotfiles' => true,
    'http_index_files' => ['missing.html', 'home.htm']]));
foreach (['/inside-link.bin', '/escape.txt', '/escape-dir/secret.txt', '/.secret', '/.git/config', '/%2e%2e/outside/secret.txt', '/fifo', '/device', '/home/', '/sub/', '/'] as $t) {
    $b = static_brief($srv->port, $t);
    if ($t === '/inside-link.bin') $b = str_replace(file_get_contents("$root/one.bin"), '(one.bin)', $b);
    echo "$t: $b\n";
}
$srv->stop();

echo "== locations\n";
$srv = new TridentTestServer(static_server_code($root, ['static_handler_locations' => ['/assets', '/sub/']]));
foreach (['/assets/img/a.txt', '/assets', '/assetsx/a.txt', '/sub/', '/sub/index.html', '/subx', '/style.css', '/'] as $t) echo "$t: ", static_brief($srv->port, $t), "\n";
$srv->stop();

echo "== settings\n";
$server = new Trident\Http\Server('127.0.0.1', trident_free_port());
foreach ([['enable_static_handler' => 'yes'], ['document_root' => 1], ['static_handler_locations' => 'assets'],
          ['static_handler_locations' => ['assets']], ['static_handler_locations' => [1]], ['http_index_files' => ['a/b.html']],
          ['http_index_files' => ['']], ['static_handler_allow_symlinks' => 1], ['static_handler_allow_dotfiles' => null]] as $kv) {
    $ok = @$server->set($kv);
    echo json_encode($kv), ': ', var_export($ok, true), ' ', error_get_last()['message'] ?? '-', "\n";
    error_clear_last();
}
function try_start(array $settings): void {
    global $base;
    $server = new Trident\Http\Server('127.0.0.1', trident_free_port());
    $server->set(['worker_num' => 1, 'reactor_num' => 1, 'log_level' => 5] + $settings);
    $server->on('Request', function ($req, $res) { $res->end('unexpected'); });
    try {
        $server->start();
        echo "start() returned\n";
    } catch (Trident\Exception $e) {
        echo get_class($e), ': ', str_replace($base, 'BASE', $e->getMessage()), "\n";
    }
}
try_start(['enable_static_handler' => true]);
try_start(['enable_static_handler' => true, 'document_root' => "$base/nope"]);
try_start(['enable_static_handler' => true, 'document_root' => "$base/root/one.bin"]);
try_start(['enable_static_handler' => true, 'document_root' => "$base/root", 'static_handler_locations' => []]);
static_rm($base);
?>
--EXPECT--
device node made: true
== defaults
/../one.bin: 404 PHP php: GET /../one.bin
/sub/../one.bin: 404 PHP php: GET /sub/../one.bin
/%2e%2e/outside/secret.txt: 404 PHP php: GET /%2e%2e/outside/secret.txt
/sub/%2e%2e/one.bin: 404 PHP php: GET /sub/%2e%2e/one.bin
/sub/%2E%2E%2Fone.bin: 404 PHP php: GET /sub/%2E%2E%2Fone.bin
/sub/..%2fone.bin: 404 PHP php: GET /sub/..%2fone.bin
/one.bin%00: 404 PHP php: GET /one.bin%00
/one.bin%00.txt: 404 PHP php: GET /one.bin%00.txt
/sub%5c..%5cone.bin: 404 PHP php: GET /sub%5c..%5cone.bin
/sub%5Cindex.html: 404 PHP php: GET /sub%5Cindex.html
/%zz: 404 PHP php: GET /%zz
/one.bin%2: 404 PHP php: GET /one.bin%2
/escape.txt: 404 PHP php: GET /escape.txt
/escape-dir/secret.txt: 404 PHP php: GET /escape-dir/secret.txt
/inside-link.bin: 404 PHP php: GET /inside-link.bin
/.secret: 404 PHP php: GET /.secret
/%2esecret: 404 PHP php: GET /%2esecret
/.git/config: 404 PHP php: GET /.git/config
/sub/.hidden: 404 PHP php: GET /sub/.hidden
/fifo: 404 PHP php: GET /fifo
/fifo: 404 PHP php: GET /fifo
/fifo: 404 PHP php: GET /fifo
/fifo: 404 PHP php: GET /fifo
/fifo: 404 PHP php: GET /fifo
/device: 404 PHP php: GET /device
/noidx/: 404 PHP php: GET /noidx/
/sub: 404 PHP php: GET /sub
/escape-dir/: 404 PHP php: GET /escape-dir/
raw backslash: 404 PHP true
/sub/: 200 STATIC <p>sub index</p>
/sub/./index.html: 200 STATIC <p>sub index</p>
//sub//index.html: 200 STATIC <p>sub index</p>
still serving: 200 STATIC body { color: red }
== allow_symlinks, allow_dotfiles, index files
/inside-link.bin: 200 STATIC (one.bin)
/escape.txt: 404 PHP php: GET /escape.txt
/escape-dir/secret.txt: 404 PHP php: GET /escape-dir/secret.txt
/.secret: 200 STATIC dotfile secret
/.git/config: 200 STATIC [core]
/%2e%2e/outside/secret.txt: 404 PHP php: GET /%2e%2e/outside/secret.txt
/fifo: 404 PHP php: GET /fifo
/device: 404 PHP php: GET /device
/home/: 200 STATIC home htm
/sub/: 404 PHP php: GET /sub/
/: 404 PHP php: GET /
== locations
/assets/img/a.txt: 200 STATIC asset a
/assets: 404 PHP php: GET /assets
/assetsx/a.txt: 404 PHP php: GET /assetsx/a.txt
/sub/: 200 STATIC <p>sub index</p>
/sub/index.html: 200 STATIC <p>sub index</p>
/subx: 404 PHP php: GET /subx
/style.css: 404 PHP php: GET /style.css
/: 404 PHP php: GET /
== settings
{"enable_static_handler":"yes"}: false Trident\Http\Server::set(): Setting "enable_static_handler" must be of type bool, string given
{"document_root":1}: false Trident\Http\Server::set(): Setting "document_root" must be of type string, int given
{"static_handler_locations":"assets"}: false Trident\Http\Server::set(): Setting "static_handler_locations" must be of type array, string given
{"static_handler_locations":["assets"]}: false Trident\Http\Server::set(): Setting "static_handler_locations" must list URL paths starting with '/', "assets" given
{"static_handler_locations":[1]}: false Trident\Http\Server::set(): Setting "static_handler_locations" must be an array of strings
{"http_index_files":["a\/b.html"]}: false Trident\Http\Server::set(): Setting "http_index_files" must list file names (no '/'), "a/b.html" given
{"http_index_files":[""]}: false Trident\Http\Server::set(): Setting "http_index_files" must list file names (no '/'), "" given
{"static_handler_allow_symlinks":1}: false Trident\Http\Server::set(): Setting "static_handler_allow_symlinks" must be of type bool, int given
{"static_handler_allow_dotfiles":null}: false Trident\Http\Server::set(): Setting "static_handler_allow_dotfiles" must be of type bool, null given
Trident\Exception: enable_static_handler needs document_root
Trident\Exception: document_root "BASE/nope": No such file or directory
Trident\Exception: document_root "BASE/root/one.bin" is not a directory
Trident\Exception: static_handler_locations must list at least one URL path