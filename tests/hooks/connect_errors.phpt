--TEST--
Hooks: connect failures in a coroutine with HOOK_TCP (refused on every address of localhost, unknown name, fsockopen) give exactly PHP's warnings, errno and error text
--SKIPIF--
<?php require __DIR__ . '/hooks.inc'; hooks_skipif(); ?>
--FILE--
<?php
function attempts(): string {
    ob_start();
    $c = @stream_socket_client('tcp://localhost:1', $errno, $errstr, 1);
    var_dump($c, $errno, $errstr, error_get_last()['message']);
    $c = @stream_socket_client('tcp://nonexistent.invalid:80', $errno, $errstr, 1);
    var_dump($c, $errno, $errstr, error_get_last()['message']);
    $c = @fsockopen('127.0.0.1', 1, $errno, $errstr, 1);
    var_dump($c, $errno, $errstr, error_get_last()['message']);
    $c = @file_get_contents('http://127.0.0.1:1/');
    var_dump($c, error_get_last()['message']);
    return ob_get_clean();
}
$plain = attempts();
Trident\Runtime::enableCoroutine(Trident\Runtime::HOOK_TCP);
$hooked = null;
Trident\Coroutine\run(function () use (&$hooked) { $hooked = attempts(); });
echo "same as without hooks: ", var_export($hooked === $plain, true), "\n";
echo $hooked;
?>
--EXPECTF--
same as without hooks: true
bool(false)
int(111)
string(18) "Connection refused"
string(83) "stream_socket_client(): Unable to connect to tcp://localhost:1 (Connection refused)"
bool(false)
int(0)
string(%d) "php_network_getaddresses: getaddrinfo for nonexistent.invalid failed: %s"
string(%d) "stream_socket_client(): Unable to connect to tcp://nonexistent.invalid:80 (php_network_getaddresses: getaddrinfo for nonexistent.invalid failed: %s)"
bool(false)
int(111)
string(18) "Connection refused"
string(66) "fsockopen(): Unable to connect to 127.0.0.1:1 (Connection refused)"
bool(false)
string(81) "file_get_contents(http://127.0.0.1:1/): Failed to open stream: Connection refused"
