--TEST--
Module: php --ri trident prints the extension version, the nghttp2/ngtcp2/nghttp3/OpenSSL/GnuTLS versions it was built with, and the response codings with the zlib/brotli/zstd versions it runs with
--SKIPIF--
<?php require __DIR__.'/../support/server.inc'; trident_test_skipif();
--FILE--
<?php
require __DIR__ . '/api.inc';
[$code, $out, $err] = trident_run([...trident_php(), '-n', '-d', 'extension=' . realpath(TRIDENT_TEST_EXT), '--ri', 'trident']);
echo "exit $code, stderr: ", json_encode($err), "\n";
$rows = [];
foreach (explode("\n", $out) as $l) {
    if (str_contains($l, ' => ')) { [$k, $v] = explode(' => ', $l, 2); $rows[$k] = $v; }
}
echo "support: ", $rows['trident support'] ?? '(missing)', "\n";
// The version matches the one the module reports to PHP.
[, $ver] = trident_run([...trident_php(), '-n', '-d', 'extension=' . realpath(TRIDENT_TEST_EXT), '-r', 'echo phpversion("trident");']);
echo "Version: ", $rows['Version'] ?? '(missing)', " (phpversion: ", $ver === ($rows['Version'] ?? null) ? 'same' : $ver, ")\n";
// Library versions: compared with the headers the extension was built against, when installed.
$headers = [
    'nghttp2 (built with)' => ['/usr/include/nghttp2/nghttp2ver.h', 'NGHTTP2_VERSION'],
    'ngtcp2 (built with)' => ['/usr/include/ngtcp2/version.h', 'NGTCP2_VERSION'],
    'nghttp3 (built with)' => ['/usr/include/nghttp3/version.h', 'NGHTTP3_VERSION'],
    'OpenSSL (built with)' => ['/usr/include/openssl/opensslv.h', 'OPENSSL_VERSION_STR'],
    'GnuTLS (built with)' => ['/usr/include/gnutls/gnutls.h', 'GNUTLS_VERSION'],
    'zlib (running)' => ['/usr/include/zlib.h', 'ZLIB_VERSION'],
    'brotli (running)' => ['', ''],
    'zstd (running)' => ['', ''],
];
foreach ($headers as $row => [$file, $macro]) {
    $v = $rows[$row] ?? null;
    $want = null;
    if ($file !== '' && is_file($file) && preg_match('~#\s*define ' . $macro . ' "([^"]+)"~', file_get_contents($file), $m)) $want = $m[1];
    $shape = $v !== null && preg_match('~(^|\s)\d+\.\d+\.\d+~', $v);
    echo "$row: ", $v === null ? 'missing' : ($shape ? 'a version' : "malformed ($v)"),
        $want === null ? '' : ($v !== null && str_contains($v, $want) ? ', matches the header' : ", header says $want"), "\n";
}
echo "Response compression: ", $rows['Response compression'] ?? 'missing', "\n";
echo "Protocols: ", isset($rows['Protocols']) && str_contains($rows['Protocols'], 'HTTP/1.1') ? 'lists HTTP/1.1' : 'missing', "\n";
?>
--EXPECT--
exit 0, stderr: ""
support: enabled
Version: 0.1.0 (phpversion: same)
nghttp2 (built with): a version, matches the header
ngtcp2 (built with): a version, matches the header
nghttp3 (built with): a version, matches the header
OpenSSL (built with): a version, matches the header
GnuTLS (built with): a version, matches the header
zlib (running): a version, matches the header
brotli (running): a version
zstd (running): a version
Response compression: gzip, br, zstd
Protocols: lists HTTP/1.1
