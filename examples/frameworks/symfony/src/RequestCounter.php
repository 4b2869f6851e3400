<?php

namespace App;

use Symfony\Contracts\Service\ResetInterface;

/**
 * Counts the requests a container served since its last reset: the services_resetter resets it
 * between requests, so a request that sees more than 1 saw state left by another one.
 */
final class RequestCounter implements ResetInterface
{
    public int $count = 0;

    public function reset(): void
    {
        $this->count = 0;
    }
}
