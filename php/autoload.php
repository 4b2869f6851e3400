<?php
/**
 * Loads the Trident PHP library without Composer: require this file (from a checkout it is
 * php/autoload.php; `pecl install trident` puts it at Trident/autoload.php under PHP's
 * include_path, so `require 'Trident/autoload.php';` finds it).
 *
 * The frameworks themselves are not loaded here: load them as usual (Composer's
 * vendor/autoload.php, or Debian's /usr/share/php/<Package>/autoload.php files).
 */

declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    if (!str_starts_with($class, 'Trident\\')) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, 8)) . '.php';
    if (is_file($file)) {
        require $file;
    }
});

// PSR-15's two interfaces, for systems where no package provides them (Debian 12 has no
// psr/http-server-handler package). Registered after every other autoloader that exists
// now, and only consulted when none of them knows the interface: a real psr/http-server-*
// package always wins. The declarations are those the PSR-15 standard publishes.
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'Psr\\Http\\Server\\')) {
        $file = __DIR__ . '/compat/' . str_replace('\\', '/', $class) . '.php';
        if (is_file($file)) {
            require $file;
        }
    }
});

require_once __DIR__ . '/src/Psr/functions.php';
