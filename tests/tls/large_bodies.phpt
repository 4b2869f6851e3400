--TEST--
Large bodies over TLS: a 10 MiB download and a 10 MiB upload arrive byte-exact (md5) over HTTP/1.1 and h2, also with a rate-limited (slow) reader, two parallel h2 streams, and a chunked upload
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif(['curl', 'openssl']); ?>
--FILE--
<?php
require __DIR__ . '/certs.inc';
$c = tls_certs();
$file = "{$c['dir']}/payload.bin";
file_put_contents($file, random_bytes(10 << 20));
$md5 = md5_file($file);
$srv = new TridentTestServer(tls_php_var('CERT', $c['cert']) . tls_php_var('KEY', $c['key']) . tls_php_var('FILE', $file) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 2, 'reactor_num' => 2, 'log_level' => 4, 'package_max_length' => 16 << 20,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http2_protocol' => true]);
$server->on('Request', function ($req, $res) use ($FILE) {
    if ($req->server['request_uri'] === '/download') {
        $res->header('Content-Type', 'application/octet-stream');
        $res->end(file_get_contents($FILE));
        return;
    }
    $body = (string)$req->rawContent();
    $res->end($req->server['server_protocol'] . ' ' . strlen($body) . ' ' . md5($body));
});
$server->start();
PHP);
$url = "https://127.0.0.1:{$srv->port}";
$got = "{$c['dir']}/got.bin";
$got2 = "{$c['dir']}/got2.bin";
$same = fn($f) => is_file($f) && md5_file($f) === $md5 ? 'md5 matches' : 'md5 DIFFERS (' . (is_file($f) ? filesize($f) : 'no file') . ' bytes)';

foreach ([['--http1.1'], ['--http2'], ['--http1.1', '--limit-rate', '8M'], ['--http2', '--limit-rate', '8M']] as $args) {
    @unlink($got);
    [$rc, $out] = trident_curl(array_merge(['-k', '-o', $got, '-w', '%{http_version} %{http_code} %{size_download}'], $args, ["$url/download"]));
    echo 'download ', implode(' ', $args), ": rc=$rc $out, ", $same($got), "\n";
}
@unlink($got);
[$rc, $out] = trident_curl(['-k', '--http2', '--parallel', '-o', $got, '-o', $got2, '-w', '%{http_version} %{http_code}\n', "$url/download", "$url/download"]);
echo "two parallel h2 downloads: rc=$rc ", str_replace("\n", ', ', trim($out)), ' | ', $same($got), ' | ', $same($got2), "\n";

foreach ([['--http1.1'], ['--http2'], ['--http1.1', '-H', 'Transfer-Encoding: chunked'], ['--http1.1', '-H', 'Expect:']] as $args) {
    [$rc, $out] = trident_curl(array_merge(['-k', '-H', 'Content-Type: application/octet-stream', '--data-binary', "@$file"], $args, ["$url/upload"]));
    echo 'upload ', implode(' ', $args), ": rc=$rc ", $out === "" ? '(nothing)' : str_replace($md5, 'md5 matches', $out), "\n";
}
$srv->stop();
?>
--EXPECT--
download --http1.1: rc=0 1.1 200 10485760, md5 matches
download --http2: rc=0 2 200 10485760, md5 matches
download --http1.1 --limit-rate 8M: rc=0 1.1 200 10485760, md5 matches
download --http2 --limit-rate 8M: rc=0 2 200 10485760, md5 matches
two parallel h2 downloads: rc=0 2 200, 2 200 | md5 matches | md5 matches
upload --http1.1: rc=0 HTTP/1.1 10485760 md5 matches
upload --http2: rc=0 HTTP/2 10485760 md5 matches
upload --http1.1 -H Transfer-Encoding: chunked: rc=0 HTTP/1.1 10485760 md5 matches
upload --http1.1 -H Expect:: rc=0 HTTP/1.1 10485760 md5 matches
