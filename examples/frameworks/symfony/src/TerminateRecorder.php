<?php

namespace App;

use Symfony\Component\HttpKernel\Event\TerminateEvent;

/** kernel.terminate listener: remembers (per worker) which paths were terminated. */
final class TerminateRecorder
{
    /** @var list<string> shared by every kernel of the worker on purpose: /terminated reads it */
    public static array $paths = [];

    public function __invoke(TerminateEvent $event): void
    {
        self::$paths[] = $event->getRequest()->getPathInfo() . ' ' . $event->getResponse()->getStatusCode();
        self::$paths = array_slice(self::$paths, -20);
    }
}
