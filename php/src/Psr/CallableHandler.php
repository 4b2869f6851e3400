<?php

declare(strict_types=1);

namespace Trident\Psr;

use Psr\Http\Message\ResponseInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Server\RequestHandlerInterface;

/**
 * A PSR-15 handler around a callable, for applications that are not PSR-15 handlers
 * themselves, e.g. Slim 3: new CallableHandler(fn ($r) => $app->process($r, $factory->createResponse())).
 */
final class CallableHandler implements RequestHandlerInterface
{
    /** @var callable(ServerRequestInterface): ResponseInterface */
    private $callable;

    public function __construct(callable $callable)
    {
        $this->callable = $callable;
    }

    public function handle(ServerRequestInterface $request): ResponseInterface
    {
        return ($this->callable)($request);
    }
}
