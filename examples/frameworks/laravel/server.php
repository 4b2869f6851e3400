<?php
/**
 * Starts this Laravel 8 app on Trident, without artisan:
 *   php -d extension=trident server.php [port]
 * (Debian: apt-get install php-laravel-framework; the server needs the ctype, mbstring and
 * tokenizer extensions.) The application is booted once per worker (Trident\Laravel\Worker).
 */

declare(strict_types=1);

require_once 'Illuminate/autoload.php';
require_once is_file(__DIR__ . '/../../../php/autoload.php') ? __DIR__ . '/../../../php/autoload.php' : 'Trident/autoload.php';
spl_autoload_register(static function (string $class): void {
    if (str_starts_with($class, 'App\\') && is_file($f = __DIR__ . '/app/' . str_replace('\\', '/', substr($class, 4)) . '.php')) {
        require $f;
    }
});

Trident\Laravel\Worker::serve(__DIR__ . '/bootstrap/app.php', getenv('TRIDENT_HOST') ?: '127.0.0.1',
    (int)($argv[1] ?? $PORT ?? 8080), $SETTINGS ?? ['worker_num' => 2]);
