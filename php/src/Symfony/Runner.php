<?php

declare(strict_types=1);

namespace Trident\Symfony;

use Symfony\Component\HttpKernel\EventListener\StreamedResponseListener;
use Symfony\Component\HttpKernel\HttpKernelInterface;
use Symfony\Component\HttpKernel\KernelEvents;
use Symfony\Component\HttpKernel\KernelInterface;
use Symfony\Component\HttpKernel\TerminableInterface;
use Symfony\Component\Runtime\RunnerInterface;
use Trident\Http\Server;

/**
 * Serves an HttpKernel on Trident until the server stops.
 *
 * Requests run concurrently in a worker (one coroutine each), but a Symfony kernel and its
 * container serve one request at a time (RequestStack, the session, the security token are
 * services). So each worker keeps a pool of kernels: a request takes an idle one, or has
 * $factory make another when all are busy, and gives it back after kernel.terminate. The
 * pool grows to the worker's peak concurrency and no further. Between two requests of one
 * kernel, Kernel::handle() calls the services_resetter (ResetInterface services, kernel.reset
 * tags) as it does under FPM-less runners.
 */
final class Runner implements RunnerInterface
{
    /** @var list<HttpKernelInterface> idle kernels of this worker */
    private array $idle = [];
    /** Kernels already booted and adapted (see prepare()). */
    private \WeakMap $prepared;

    /**
     * @param HttpKernelInterface $kernel the front controller's kernel (the pool's first)
     * @param (callable(): HttpKernelInterface)|null $factory makes further kernels; null: one
     *   kernel, requests of a worker then wait for it in turn
     */
    public function __construct(
        private HttpKernelInterface $kernel,
        private $factory,
        private string $host,
        private int $port,
        private array $settings,
        private string $scriptName = '',
    ) {
        $this->idle[] = $kernel;
        $this->prepared = new \WeakMap();
    }

    public function run(): int
    {
        $server = new Server($this->host, $this->port);
        $server->set($this->settings);
        $waiting = null;  // Channel of coroutines waiting for the single kernel (no factory)
        $server->on('Request', function (\Trident\Http\Request $request, \Trident\Http\Response $response) use (&$waiting): void {
            $kernel = null;
            try {
                $kernel = $this->take($waiting);
                $this->prepare($kernel);
                $sfRequest = HttpFoundation::toSymfony($request, $this->scriptName);
                $sfResponse = $kernel->handle($sfRequest);
                HttpFoundation::emit($sfResponse, $response, $sfRequest);
                // After the response went out, as under FPM with fastcgi_finish_request().
                if ($kernel instanceof TerminableInterface) {
                    $kernel->terminate($sfRequest, $sfResponse);
                }
            } catch (\Throwable $e) {
                error_log(sprintf('Trident\Symfony\Runner: %s: %s in %s:%d', get_class($e), $e->getMessage(), $e->getFile(), $e->getLine()));
                if ($response->isWritable()) {
                    $response->status(500);
                    $response->end();
                }
            } finally {
                if ($kernel !== null) {
                    $this->give($kernel, $waiting);
                }
            }
        });
        return $server->start() ? 0 : 1;
    }

    /**
     * Boots a kernel the first time it serves, and takes FrameworkBundle's
     * StreamedResponseListener out of its dispatcher: that listener send()s a StreamedResponse
     * to PHP's output itself, which in a Trident worker is the server's stdout, not the
     * client. HttpFoundation::emit() streams the response to the client instead.
     */
    private function prepare(HttpKernelInterface $kernel): void
    {
        if (isset($this->prepared[$kernel]) || !$kernel instanceof KernelInterface) {
            return;
        }
        $kernel->boot();
        $container = $kernel->getContainer();
        if ($container->has('event_dispatcher')) {
            $dispatcher = $container->get('event_dispatcher');
            foreach ($dispatcher->getListeners(KernelEvents::RESPONSE) as $listener) {
                if (is_array($listener) && $listener[0] instanceof StreamedResponseListener) {
                    $dispatcher->removeListener(KernelEvents::RESPONSE, $listener);
                }
            }
        }
        $this->prepared[$kernel] = true;
    }

    private function take(?\Trident\Coroutine\Channel &$waiting): HttpKernelInterface
    {
        if ($this->idle) {
            return array_pop($this->idle);
        }
        if ($this->factory !== null) {
            return ($this->factory)();
        }
        $waiting ??= new \Trident\Coroutine\Channel(1);
        return $waiting->pop();
    }

    private function give(HttpKernelInterface $kernel, ?\Trident\Coroutine\Channel $waiting): void
    {
        if ($waiting !== null && $waiting->stats()['consumer_num'] > 0) {
            $waiting->push($kernel);
        } else {
            $this->idle[] = $kernel;
        }
    }
}
