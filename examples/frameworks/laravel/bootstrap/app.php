<?php
// The application, as in a fresh Laravel 8 app; its caches and storage live outside the
// source tree (which may be read-only).

$tmp = sys_get_temp_dir() . '/trident-laravel-example-' . md5(__DIR__);
foreach (['', '/framework/sessions', '/framework/views', '/logs', '/cache'] as $dir) {
    is_dir($tmp . $dir) || @mkdir($tmp . $dir, 0700, true);
}
foreach (['APP_PACKAGES_CACHE' => 'packages.php', 'APP_SERVICES_CACHE' => 'services.php'] as $key => $file) {
    $_ENV[$key] = $_SERVER[$key] = "$tmp/cache/$file";
}

$app = new Illuminate\Foundation\Application(dirname(__DIR__));
$app->useStoragePath($tmp);
$app->singleton(Illuminate\Contracts\Http\Kernel::class, App\Http\Kernel::class);
$app->singleton(Illuminate\Contracts\Debug\ExceptionHandler::class, App\Exceptions\Handler::class);
return $app;
