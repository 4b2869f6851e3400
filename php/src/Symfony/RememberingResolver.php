<?php

declare(strict_types=1);

namespace Trident\Symfony;

use Symfony\Component\Runtime\ResolverInterface;

/** A resolver that tells $remember what it resolved (see Runtime::getResolver()). */
final class RememberingResolver implements ResolverInterface
{
    public function __construct(private ResolverInterface $inner, private \Closure $remember)
    {
    }

    public function resolve(): array
    {
        [$app, $args] = $this->inner->resolve();
        ($this->remember)($app, $args);
        return [$app, $args];
    }
}
