<?php

declare(strict_types=1);

namespace Trident\Laravel;

use Illuminate\Contracts\Http\Kernel as HttpKernel;
use Illuminate\Foundation\Application;
use Illuminate\Http\Request as LaravelRequest;
use Illuminate\Support\Facades\Facade;
use Trident\Coroutine\Channel;
use Trident\Http\Server;
use Trident\Symfony\HttpFoundation;

/**
 * Laravel in worker mode, in the spirit of Octane: the application is booted once per worker
 * and serves every request of it; after each request what belongs to that request is rolled
 * back (see reset()).
 *
 * Requests of one worker take turns through the application (a coroutine lock): Laravel keeps
 * the application in process-wide statics (Container::getInstance(), the facades' root and
 * their resolved instances), so two requests interleaved in one worker would share the
 * request, the session and the authenticated user. Waiting requests cost a coroutine each;
 * throughput comes from worker_num, as with Octane on Swoole or RoadRunner.
 */
final class Worker
{
    /** @var array<string, mixed> the configuration as booted, restored after each request */
    private array $config = [];
    private Channel $lock;
    private ?HttpKernel $kernel = null;

    /**
     * @param \Closure(): Application $bootstrap returns the application (bootstrap/app.php),
     *   called in each worker once it has started
     * @param list<string> $flush further container bindings to forget after every request
     *   (singletons that hold request state; bindings made with $app->scoped() are forgotten
     *   anyway)
     */
    public function __construct(private \Closure $bootstrap, private array $flush = [])
    {
    }

    /**
     * Serves the app whose bootstrap/app.php is $bootstrapFile:
     * Worker::serve(__DIR__ . '/bootstrap/app.php', '0.0.0.0', 8080, ['worker_num' => 4]).
     */
    public static function serve(string $bootstrapFile, string $host, int $port, array $settings = [], array $flush = []): bool
    {
        $worker = new self(static fn () => require $bootstrapFile, $flush);
        $server = new Server($host, $port);
        $server->set($settings);
        $worker->attach($server);
        return $server->start();
    }

    public function attach(Server $server): void
    {
        $server->on('WorkerStart', function (): void {
            $this->boot();
        });
        $server->on('Request', function (\Trident\Http\Request $request, \Trident\Http\Response $response): void {
            $this->handle($request, $response);
        });
    }

    /** Boots the application: environment, configuration, providers (once per worker). */
    public function boot(): void
    {
        if ($this->kernel !== null) {
            return;
        }
        $app = ($this->bootstrap)();
        if (!$app instanceof Application) {
            throw new \LogicException('the Laravel bootstrap returned ' . get_debug_type($app) . ', not an Illuminate\Foundation\Application');
        }
        $kernel = $app->make('Illuminate\Contracts\Http\Kernel');
        $app->instance('request', LaravelRequest::create('http://localhost/'));
        $kernel->bootstrap();
        $this->config = $app['config']->all();
        $this->kernel = $kernel;
        $this->lock = new Channel(1);
        $this->lock->push(true);
    }

    public function handle(\Trident\Http\Request $request, \Trident\Http\Response $response): void
    {
        $this->boot();
        $this->lock->pop();  // waits while another request of this worker is in the application
        $app = $this->kernel->getApplication();
        $laravelRequest = null;
        try {
            $laravelRequest = HttpFoundation::toSymfony($request, '/index.php', 'Illuminate\Http\Request');
            $laravelResponse = $this->kernel->handle($laravelRequest);
            HttpFoundation::emit($laravelResponse, $response, $laravelRequest);
            // Terminable middleware and terminating callbacks, after the response went out.
            $this->kernel->terminate($laravelRequest, $laravelResponse);
        } catch (\Throwable $e) {
            error_log(sprintf('Trident\Laravel\Worker: %s: %s in %s:%d', get_class($e), $e->getMessage(), $e->getFile(), $e->getLine()));
            if ($response->isWritable()) {
                $response->status(500);
                $response->end();
            }
        } finally {
            $this->reset($app);
            $this->lock->push(true);
        }
    }

    /**
     * Rolls back what a request leaves in the application: configuration changes, the
     * session store, the authentication guards (and with them the user), queued cookies,
     * scoped and listed singletons, the request, and the facades' resolved instances.
     */
    private function reset(Application $app): void
    {
        $config = $app['config'];
        foreach (array_diff_key($config->all(), $this->config) as $key => $_) {
            $config->offsetUnset($key);
        }
        foreach ($this->config as $key => $value) {
            $config->set($key, $value);
        }
        if ($app->resolved('auth')) {
            $app['auth']->forgetGuards();
        }
        if ($app->resolved('session')) {
            $app['session']->forgetDrivers();
        }
        $app->forgetInstance('session.store');
        if ($app->resolved('cookie')) {
            $app['cookie']->flushQueuedCookies();
        }
        $app->forgetScopedInstances();
        foreach ($this->flush as $abstract) {
            $app->forgetInstance($abstract);
        }
        $app->forgetInstance('request');
        Facade::clearResolvedInstances();
    }
}
