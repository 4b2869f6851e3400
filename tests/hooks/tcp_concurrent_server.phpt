--TEST--
Hooks: with HOOK_TCP, one worker serves 100 requests at once whose handlers each call a 0.2 s server through stream_socket_client() (and 100 through file_get_contents('http://...')); they overlap (under 1 s for all 100; one after the other 20 s). Without hooks the same handler runs them one after the other.
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(['pgrep']); ?>
--FILE--
<?php
require __DIR__ . '/hooks.inc';

$slow = hooks_slow_server();
$hooked = hooks_proxy_server($slow->port, true);
$r = cs_parallel_get($hooked->port, array_fill(0, 100, '/tcp'));
echo "tcp x100: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "tcp x100 wall < 1 s: ", var_export($r['wall'] < 1.0, true), sprintf(" (%.3f s)", $r['wall']), "\n";
$r = cs_parallel_get($hooked->port, array_fill(0, 100, '/http'));
echo "http x100: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "http x100 wall < 1 s: ", var_export($r['wall'] < 1.0, true), sprintf(" (%.3f s)", $r['wall']), "\n";
echo "log: ", json_encode(trim($hooked->stop())), "\n";

$plain = hooks_proxy_server($slow->port, false);
$r = cs_parallel_get($plain->port, array_fill(0, 5, '/tcp'));
echo "unhooked x5: ", json_encode(array_values(array_unique(array_map(fn($x) => [$x[0], $x[1]], $r['res']), SORT_REGULAR))), "\n";
echo "unhooked x5 serial (>= 1.0 s): ", var_export($r['wall'] >= 1.0, true), "\n";
$plain->stop();
$slow->stop();
?>
--EXPECTF--
tcp x100: [[200,"slow:\/via-tcp"]]
tcp x100 wall < 1 s: true (%f s)
http x100: [[200,"slow:\/via-http"]]
http x100 wall < 1 s: true (%f s)
log: ""
unhooked x5: [[200,"slow:\/via-tcp"]]
unhooked x5 serial (>= 1.0 s): true
