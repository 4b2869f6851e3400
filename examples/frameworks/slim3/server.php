<?php
/**
 * Serves app.php on Trident:  php -d extension=trident server.php [port]
 * (Debian: apt-get install php-slim php-nyholm-psr7). TRIDENT_PSR17=guzzle uses guzzle's
 * PSR-17 factory instead of nyholm's.
 */

declare(strict_types=1);

require_once is_file(__DIR__ . '/../../../php/autoload.php') ? __DIR__ . '/../../../php/autoload.php' : 'Trident/autoload.php';
require_once 'Psr/Http/Message/autoload.php';
if (getenv('TRIDENT_PSR17') === 'guzzle') {
    require_once 'GuzzleHttp/Psr7/autoload.php';
    $factory = new GuzzleHttp\Psr7\HttpFactory();
} else {
    require_once 'Nyholm/Psr7/autoload.php';
    $factory = new Nyholm\Psr7\Factory\Psr17Factory();
}
$app = require __DIR__ . '/app.php';

$server = new Trident\Http\Server('127.0.0.1', (int)($argv[1] ?? $PORT ?? 8080));
$server->set($SETTINGS ?? ['worker_num' => 2]);
// Slim 3 predates PSR-15: process() takes a request and an empty response.
Trident\Psr\serve($server, new Trident\Psr\CallableHandler(fn ($request) => $app->process($request, $factory->createResponse())), $factory);
$server->start();
