<?php
// PSR-15 (https://www.php-fig.org/psr/psr-15/), for systems without psr/http-server-middleware;
// see ../../../../autoload.php.

namespace Psr\Http\Server;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;

/** Takes part in processing a server request, possibly delegating to the next handler. */
interface MiddlewareInterface
{
    public function process(ServerRequestInterface $request, RequestHandlerInterface $handler): ResponseInterface;
}
