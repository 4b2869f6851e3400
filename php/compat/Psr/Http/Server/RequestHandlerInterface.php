<?php
// PSR-15 (https://www.php-fig.org/psr/psr-15/), for systems without psr/http-server-handler;
// see ../../../../autoload.php.

namespace Psr\Http\Server;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;

/** Handles a server request and produces a response. */
interface RequestHandlerInterface
{
    public function handle(ServerRequestInterface $request): ResponseInterface;
}
