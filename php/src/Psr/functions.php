<?php

declare(strict_types=1);

namespace Trident\Psr;

use Psr\Http\Message\ServerRequestFactoryInterface;
use Psr\Http\Message\StreamFactoryInterface;
use Psr\Http\Message\UploadedFileFactoryInterface;
use Psr\Http\Server\RequestHandlerInterface;
use Trident\Http\Server;

if (!function_exists(__NAMESPACE__ . '\serve')) {
    /**
     * Serves a PSR-15 handler: every request (each in its own coroutine) becomes a PSR-7
     * ServerRequestInterface made by $factory, the handler's response is sent back. Call it
     * before $server->start(). $factory implements the three PSR-17 interfaces (nyholm's
     * Psr17Factory and guzzle's HttpFactory do); without one, whichever of those two is
     * installed is used. An exception from the handler is logged and answered 500.
     */
    function serve(
        Server $server,
        RequestHandlerInterface $handler,
        (ServerRequestFactoryInterface&StreamFactoryInterface&UploadedFileFactoryInterface)|null $factory = null,
    ): void {
        $factory ??= default_factory();
        $converter = new RequestConverter($factory, $factory, $factory);
        $server->on('Request', static function (\Trident\Http\Request $request, \Trident\Http\Response $response) use ($handler, $converter): void {
            try {
                $psr = $handler->handle($converter->convert($request, $response));
            } catch (\Throwable $e) {
                error_log(sprintf('Trident\Psr\serve: %s: %s in %s:%d', get_class($e), $e->getMessage(), $e->getFile(), $e->getLine()));
                if ($response->isWritable()) {
                    $response->status(500);
                    $response->header('Content-Type', 'text/plain');
                    $response->end("Internal Server Error\n");
                }
                return;
            }
            // The handler may have answered through the "trident.response" attribute itself.
            if ($response->isWritable()) {
                ResponseEmitter::emit($psr, $response);
            }
        });
    }

    /** nyholm/psr7's or guzzlehttp/psr7's PSR-17 factory, whichever is installed. */
    function default_factory(): ServerRequestFactoryInterface&StreamFactoryInterface&UploadedFileFactoryInterface
    {
        foreach (['Nyholm\Psr7\Factory\Psr17Factory', 'GuzzleHttp\Psr7\HttpFactory'] as $class) {
            if (class_exists($class)) {
                return new $class();
            }
        }
        throw new \LogicException('Trident\Psr\serve(): no PSR-17 factory given and neither nyholm/psr7 nor guzzlehttp/psr7 is installed');
    }
}
