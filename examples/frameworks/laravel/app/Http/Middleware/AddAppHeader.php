<?php

namespace App\Http\Middleware;

use Closure;

/** Global middleware: marks every response, and counts this worker's requests. */
class AddAppHeader
{
    public static int $served = 0;

    public function handle($request, Closure $next)
    {
        self::$served++;
        $response = $next($request);
        $response->headers->set('X-App', 'laravel');
        return $response;
    }
}
