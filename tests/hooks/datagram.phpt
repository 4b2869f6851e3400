--TEST--
Hooks: udp:// and udg:// in Coroutine\run() with HOOK_UDP|HOOK_UDG: stream_socket_recvfrom() on a server and fread() on a client suspend only their coroutine (a ticker keeps running), and the datagrams arrive intact
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
use Trident\Coroutine;
use function Trident\go;
use function Trident\Coroutine\run;

Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_UDP | Trident\Runtime::HOOK_UDG);
$dir = sys_get_temp_dir() . '/trident-udg-' . getmypid();
@mkdir($dir);

foreach (['udp' => 'udp://127.0.0.1:0', 'udg' => "udg://$dir/server.sock"] as $kind => $url) {
    run(function () use ($kind, $url, $dir) {
        $srv = stream_socket_server($url, $errno, $errstr, STREAM_SERVER_BIND);
        $name = $kind === 'udp' ? 'udp://' . stream_socket_get_name($srv, false) : $url;
        $ticks = 0;
        $done = false;
        go(function () use (&$ticks, &$done) { while (!$done) { Coroutine::sleep(0.01); $ticks++; } });
        if ($kind === 'udp') {
            go(function () use ($srv) {
                $msg = stream_socket_recvfrom($srv, 100, 0, $peer);
                stream_socket_sendto($srv, "pong to $msg", 0, $peer);
            });
            $c = stream_socket_client($name, $errno, $errstr, 1);
            Coroutine::sleep(0.1);
            fwrite($c, 'ping');
            $reply = fread($c, 100);
        } else {
            // An unbound udg client cannot be answered: the server only receives.
            $reply = null;
            go(function () use ($srv, &$reply) { $reply = 'server read ' . fread($srv, 100); });
            $c = stream_socket_client($name, $errno, $errstr, 1);
            Coroutine::sleep(0.1);
            fwrite($c, 'ping');
            while ($reply === null) Coroutine::sleep(0.01);
        }
        $done = true;
        echo "$kind: ", stream_get_meta_data($c)['stream_type'], " got \"$reply\", ticker ran: ", var_export($ticks >= 5, true), "\n";
    });
}
@unlink("$dir/server.sock");
@rmdir($dir);
?>
--EXPECT--
udp: udp_socket got "pong to ping", ticker ran: true
udg: udg_socket got "server read ping", ticker ran: true
