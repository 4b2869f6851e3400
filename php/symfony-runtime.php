<?php
/**
 * What Composer's generated vendor/autoload_runtime.php does, for applications without
 * Composer (Debian's packages): require it from the front controller's bootstrap after the
 * class loaders, e.g. an app's vendor/autoload_runtime.php is
 *
 *   <?php require __DIR__ . '/autoload.php'; require 'Trident/symfony-runtime.php';
 *
 * It runs the front controller ($_SERVER['SCRIPT_FILENAME']) through the runtime named by
 * APP_RUNTIME (default Trident\Symfony\Runtime) and exits with the runner's status.
 */

declare(strict_types=1);

require_once __DIR__ . '/autoload.php';

(static function (): void {
    static $running = false;
    // The front controller requires this file and is then required by it: the inner require
    // only wants the closure back.
    if ($running || empty($_SERVER['SCRIPT_FILENAME'])) {
        return;
    }
    $running = true;
    $app = require $_SERVER['SCRIPT_FILENAME'];
    if (!is_object($app)) {
        throw new TypeError(sprintf('the front controller %s returned %s, not a callable object', $_SERVER['SCRIPT_FILENAME'], get_debug_type($app)));
    }
    $class = $_SERVER['APP_RUNTIME'] ?? $_ENV['APP_RUNTIME'] ?? getenv('APP_RUNTIME') ?: 'Trident\Symfony\Runtime';
    $runtime = new $class(($_SERVER['APP_RUNTIME_OPTIONS'] ?? $_ENV['APP_RUNTIME_OPTIONS'] ?? []));
    [$app, $args] = $runtime->getResolver($app)->resolve();
    exit($runtime->getRunner($app(...$args))->run());
})();
