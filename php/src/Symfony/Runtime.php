<?php

declare(strict_types=1);

namespace Trident\Symfony;

use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\Runtime\ResolverInterface;
use Symfony\Component\Runtime\RunnerInterface;
use Symfony\Component\Runtime\SymfonyRuntime;

/**
 * symfony/runtime runtime that serves the front controller's kernel on Trident:
 *
 *   APP_RUNTIME='Trident\Symfony\Runtime' TRIDENT_PORT=8080 php -d extension=trident public/index.php
 *
 * Options (APP_RUNTIME_OPTIONS, or the environment): "host" (TRIDENT_HOST, default 0.0.0.0),
 * "port" (TRIDENT_PORT, default 8080), "settings" (Server::set() settings; TRIDENT_WORKERS
 * sets worker_num), "kernel_pool" (default true: one kernel per request in flight in a
 * worker, see Runner; false: one kernel per worker, requests take turns).
 * Everything else is SymfonyRuntime's (APP_ENV, APP_DEBUG, .env loading, the console).
 */
class Runtime extends SymfonyRuntime
{
    private array $tridentOptions;
    /** @var (callable(): object)|null makes another application the way the front controller did */
    private $factory = null;

    public function __construct(array $options = [])
    {
        $this->tridentOptions = $options;
        parent::__construct($options);
    }

    public function getResolver(callable $callable, ?\ReflectionFunction $reflector = null): ResolverInterface
    {
        $inner = parent::getResolver($callable, $reflector);
        // Remembers the front controller's closure and its arguments, so the runner can make
        // more kernels for its pool exactly as the first one was made.
        return new RememberingResolver($inner, function (callable $app, array $args): void {
            $this->factory = static fn () => $app(...$args);
        });
    }

    public function getRunner(?object $application): RunnerInterface
    {
        if (!$application instanceof HttpKernelInterface) {
            return parent::getRunner($application);
        }
        $o = $this->tridentOptions;
        $settings = (array)($o['settings'] ?? []);
        if (($w = getenv('TRIDENT_WORKERS')) !== false && $w !== '') {
            $settings['worker_num'] = (int)$w;
        }
        $env = getenv('TRIDENT_KERNEL_POOL');
        $pool = array_key_exists('kernel_pool', $o) ? filter_var($o['kernel_pool'], FILTER_VALIDATE_BOOL)
            : ($env === false || $env === '' || filter_var($env, FILTER_VALIDATE_BOOL));
        $factory = $this->factory;
        return new Runner(
            $application,
            $pool && $factory !== null ? static function () use ($factory): HttpKernelInterface {
                $k = $factory();
                if (!$k instanceof HttpKernelInterface) {
                    throw new \LogicException('the front controller returned ' . get_debug_type($k) . ', not an HttpKernelInterface');
                }
                return $k;
            } : null,
            (string)($o['host'] ?? (getenv('TRIDENT_HOST') ?: '0.0.0.0')),
            (int)($o['port'] ?? (getenv('TRIDENT_PORT') ?: 8080)),
            $settings,
            (string)($_SERVER['SCRIPT_NAME'] ?? ''),
        );
    }
}
