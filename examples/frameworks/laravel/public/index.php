<?php
// Laravel's usual front controller, for running the same app under php-fpm (the benchmark's
// baseline, bench/run-frameworks.sh); on Trident, server.php serves it instead.

use Illuminate\Contracts\Http\Kernel;
use Illuminate\Http\Request;

require __DIR__ . '/../autoload.php';
$app = require_once __DIR__ . '/../bootstrap/app.php';
$kernel = $app->make(Kernel::class);
$response = $kernel->handle($request = Request::capture())->send();
$kernel->terminate($request, $response);
