<?php
// Stands in for Composer's vendor/autoload.php: Debian's packages (apt-get install
// php-symfony-framework-bundle php-symfony-runtime), Trident's library, the App\ classes.
require_once 'Symfony/Bundle/FrameworkBundle/autoload.php';
require_once 'Symfony/Component/Runtime/autoload.php';
require_once is_file(__DIR__ . '/../../../../php/autoload.php') ? __DIR__ . '/../../../../php/autoload.php' : 'Trident/autoload.php';
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'App\\') && is_file($f = __DIR__ . '/../src/' . str_replace('\\', '/', substr($class, 4)) . '.php')) {
        require $f;
    }
});
