--TEST--
QUIC version negotiation: gtlsclient with an unknown version gets a Version Negotiation packet offering only version 1; raw datagrams: a 1200-byte Initial of an unknown version gets a well-formed VN, a shorter one or a VN packet gets nothing; HTTP/3 keeps working
--SKIPIF--
<?php require __DIR__ . '/h3.inc'; h3_skipif(); ?>
--FILE--
<?php
require __DIR__ . '/h3.inc';
$c = tls_certs();
$srv = new TridentTestServer(h3_cert_vars($c) . <<<'PHP'
$server = new Trident\Http\Server('127.0.0.1', $PORT);
$server->set(['worker_num' => 1, 'reactor_num' => 2, 'log_level' => 4,
              'ssl_cert_file' => $CERT, 'ssl_key_file' => $KEY, 'open_http3_protocol' => true]);
$server->on('Request', function ($req, $res) use ($server) {
    if ($req->server['path_info'] === '/stats') { $res->end(json_encode($server->stats())); return; }
    $res->end("vn test {$req->server['path_info']}\n");
});
$server->start();
PHP);

/** Sends one datagram from a fresh socket; returns the first datagram that comes back within $wait s, or null. */
function udp_exchange(int $port, string $datagram, float $wait = 0.5): ?string {
    $s = stream_socket_client("udp://127.0.0.1:$port", $errno, $errstr);
    if (!$s) throw new RuntimeException("udp socket: $errstr");
    fwrite($s, $datagram);
    $r = [$s]; $w = $e = null;
    $got = @stream_select($r, $w, $e, 0, (int)($wait * 1e6)) > 0 ? fread($s, 65536) : null;
    fclose($s);
    return $got === false || $got === '' ? null : $got;
}

/** A long-header datagram (Initial type bits) of $version, padded to $size bytes. */
function long_header(int $version, string $dcid, string $scid, int $size): string {
    $p = chr(0xc0) . pack('N', $version) . chr(strlen($dcid)) . $dcid . chr(strlen($scid)) . $scid;
    return $p . random_bytes($size - strlen($p));
}

/** Decodes a Version Negotiation packet (RFC 9000 §17.2.1), or describes why it is not one. */
function describe_vn(?string $p, string $sent_dcid, string $sent_scid): string {
    if ($p === null) return 'no answer';
    if (strlen($p) < 7) return 'too short: ' . bin2hex($p);
    $out = [];
    $out[] = 'long header bit: ' . (ord($p[0]) & 0x80 ? 'set' : 'clear');
    $out[] = 'version field: ' . sprintf('0x%08x', unpack('N', substr($p, 1, 4))[1]);
    $dl = ord($p[5]);
    $dcid = substr($p, 6, $dl);
    $sl = ord($p[6 + $dl]);
    $scid = substr($p, 7 + $dl, $sl);
    // The VN's destination is the sender's source CID and vice versa.
    $out[] = 'dcid echoes our scid: ' . var_export($dcid === $sent_scid, true);
    $out[] = 'scid echoes our dcid: ' . var_export($scid === $sent_dcid, true);
    $list = substr($p, 7 + $dl + $sl);
    $versions = strlen($list) % 4 === 0 && $list !== '' ? array_map(fn($v) => sprintf('0x%08x', $v), array_values(unpack('N*', $list))) : ['malformed ' . bin2hex($list)];
    $out[] = 'supported versions: ' . implode(',', $versions);
    return implode("\n", $out);
}

// 1. gtlsclient insisting on an unknown version.
$r = h3_client($srv->port, ['/x'], ['-v', '0x1a2a3a4a'], 5);
$log = $r['log'];
preg_match('/ pkt tx pkn=0 dcid=0x([0-9a-f]+) scid=0x([0-9a-f]+) version=(0x[0-9a-f]+) type=Initial/', $log, $tx);
echo "client's Initial version: ", $tx[3] ?? '?', "\n";
preg_match_all('/ pkt rx pkn=\d+ dcid=0x([0-9a-f]+) scid=0x([0-9a-f]+) version=0x00000000 type=VN /', $log, $vn, PREG_SET_ORDER);
echo "VN packets received: ", count($vn), "\n";
echo "VN dcid/scid swap the client's: ", var_export($vn && $tx && $vn[0][1] === $tx[2] && $vn[0][2] === $tx[1], true), "\n";
preg_match_all('/ pkt rx \d+ VN v=(0x[0-9a-f]+)/', $log, $vs);
echo "versions offered: ", implode(',', array_unique($vs[1])), "\n";
echo "client gave up: ", var_export(str_contains($log, 'ERR_RECV_VERSION_NEGOTIATION'), true), "\n";
echo "handshake: ", $r['handshake'] ? 'yes' : 'no', ", streams: ", count($r['streams']), "\n";

// 2. Raw datagrams.
$dcid = random_bytes(8);
$scid = random_bytes(5);
// Drafts ngtcp2 0.12 still knows (draft-29, the v2 draft) are not offered, so not accepted.
foreach (['0xff00001d', 'v2draft'] as $v) {
    $d = h3_client($srv->port, ['/x'], ['-v', $v], 5);
    echo "client insisting on $v: ", substr_count($d['log'], 'type=VN') > 0 || str_contains($d['log'], 'Version Negotiation') ? 'VN received' : 'no VN',
        ", handshake: ", $d['handshake'] ? 'yes' : 'no', "\n";
}
echo "--- 1200-byte Initial, version 0x1a2a3a4a\n";
echo describe_vn(udp_exchange($srv->port, long_header(0x1a2a3a4a, $dcid, $scid, 1200)), $dcid, $scid), "\n";
echo "--- 1400-byte Initial, version 0x0a0a0a0a (reserved for greasing), 18-byte dcid\n";
$dcid18 = random_bytes(18);
echo describe_vn(udp_exchange($srv->port, long_header(0x0a0a0a0a, $dcid18, $scid, 1400)), $dcid18, $scid), "\n";
// RFC 9000 §6.1 / §14.1: no VN for a datagram smaller than the minimum Initial size
// (otherwise the server amplifies spoofed traffic).
echo "--- 1199-byte Initial, version 0x1a2a3a4a\n";
echo describe_vn(udp_exchange($srv->port, long_header(0x1a2a3a4a, $dcid, $scid, 1199)), $dcid, $scid), "\n";
echo "--- 100-byte Initial, version 0x1a2a3a4a\n";
echo describe_vn(udp_exchange($srv->port, long_header(0x1a2a3a4a, $dcid, $scid, 100)), $dcid, $scid), "\n";
// RFC 9000 §6.1: a Version Negotiation packet is never answered with one.
echo "--- 1200-byte Version Negotiation packet (version 0)\n";
echo describe_vn(udp_exchange($srv->port, long_header(0, $dcid, $scid, 1200)), $dcid, $scid), "\n";

// 3. The server is fine.
$dl = tls_temp_dir();
$r = h3_client($srv->port, ['/after', '/stats'], ["--download=$dl"], 10);
echo "--- afterwards\n";
echo "handshake: ", $r['handshake'] ? 'yes' : 'no', ", ", h3_status_summary($r), "\n";
echo "/after: ", file_get_contents("$dl/after");
$s = json_decode((string)@file_get_contents("$dl/stats"), true) ?: [];
// gtlsclient's Initial and the two raw 1200/1400-byte ones.
echo "quic_version_negotiation_count: ", array_key_exists('quic_version_negotiation_count', $s) ? $s['quic_version_negotiation_count'] : 'not exposed', "\n";
$log = $srv->stop();
echo "log: ", json_encode(trim($log)), "\n";
?>
--EXPECTF--
client's Initial version: 0x1a2a3a4a
VN packets received: 1
VN dcid/scid swap the client's: true
versions offered: 0x00000001
client gave up: true
handshake: no, streams: 0
client insisting on 0xff00001d: VN received, handshake: no
client insisting on v2draft: VN received, handshake: no
--- 1200-byte Initial, version 0x1a2a3a4a
long header bit: set
version field: 0x00000000
dcid echoes our scid: true
scid echoes our dcid: true
supported versions: 0x00000001
--- 1400-byte Initial, version 0x0a0a0a0a (reserved for greasing), 18-byte dcid
long header bit: set
version field: 0x00000000
dcid echoes our scid: true
scid echoes our dcid: true
supported versions: 0x00000001
--- 1199-byte Initial, version 0x1a2a3a4a
no answer
--- 100-byte Initial, version 0x1a2a3a4a
no answer
--- 1200-byte Version Negotiation packet (version 0)
no answer
--- afterwards
handshake: yes, 200 x2
/after: vn test /after
quic_version_negotiation_count: 5
log: ""
