<?php
/**
 * Starts this Laravel 8 app on Trident, without artisan:
 *   php -d extension=trident server.php [port]
 * (Debian: apt-get install php-laravel-framework; the server needs the ctype, mbstring and
 * tokenizer extensions.) The application is booted once per worker (Trident\Laravel\Worker).
 */

declare(strict_types=1);

require_once __DIR__ . '/autoload.php';

Trident\Laravel\Worker::serve(__DIR__ . '/bootstrap/app.php', getenv('TRIDENT_HOST') ?: '127.0.0.1',
    (int)($argv[1] ?? $PORT ?? 8080), $SETTINGS ?? ['worker_num' => 2]);
