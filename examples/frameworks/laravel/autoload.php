<?php
// Class loaders for this app without Composer: Debian's Laravel packages, Trident's library,
// the App\ classes (app/).
require_once 'Illuminate/autoload.php';
require_once is_file(__DIR__ . '/../../../php/autoload.php') ? __DIR__ . '/../../../php/autoload.php' : 'Trident/autoload.php';
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'App\\') && is_file($f = __DIR__ . '/app/' . str_replace('\\', '/', substr($class, 4)) . '.php')) {
        require $f;
    }
});
