<?php

namespace App;

use Symfony\Bundle\FrameworkBundle\FrameworkBundle;
use Symfony\Bundle\FrameworkBundle\Kernel\MicroKernelTrait;
use Symfony\Component\DependencyInjection\Loader\Configurator\ContainerConfigurator;
use Symfony\Component\HttpKernel\Kernel as BaseKernel;
use Symfony\Component\Routing\Loader\Configurator\RoutingConfigurator;

/** A Symfony 5.4 micro-kernel app: see Controller.php for the routes. */
class Kernel extends BaseKernel
{
    use MicroKernelTrait;

    public function registerBundles(): iterable
    {
        return [new FrameworkBundle()];
    }

    public function getProjectDir(): string
    {
        return \dirname(__DIR__);
    }

    /** Outside the source tree (it may be read-only): one cache per source version. */
    public function getCacheDir(): string
    {
        $version = md5(__DIR__ . filemtime(__DIR__ . '/Controller.php') . filemtime(__FILE__));
        return sys_get_temp_dir() . '/trident-symfony-example-' . $version . '/' . $this->environment;
    }

    public function getLogDir(): string
    {
        return $this->getCacheDir() . '/log';
    }

    protected function configureContainer(ContainerConfigurator $c): void
    {
        $c->extension('framework', [
            'secret' => 'trident-example',
            'http_method_override' => false,
            'router' => ['utf8' => true],
            'php_errors' => ['log' => true],
        ]);
        $services = $c->services()->defaults()->autowire()->autoconfigure();
        $services->set(Controller::class)->public()->tag('controller.service_arguments');
        $services->set(RequestCounter::class);
        $services->set(TerminateRecorder::class)->tag('kernel.event_listener', ['event' => 'kernel.terminate']);
    }

    protected function configureRoutes(RoutingConfigurator $routes): void
    {
        $routes->add('json', '/json')->controller([Controller::class, 'json'])->methods(['GET']);
        $routes->add('hello', '/hello/{name}')->controller([Controller::class, 'hello'])->methods(['GET']);
        $routes->add('upload', '/upload')->controller([Controller::class, 'upload'])->methods(['POST']);
        $routes->add('stream', '/stream/{bytes}')->controller([Controller::class, 'stream'])->methods(['GET']);
        $routes->add('download', '/download')->controller([Controller::class, 'download'])->methods(['GET']);
        $routes->add('slow', '/slow')->controller([Controller::class, 'slow'])->methods(['GET']);
        $routes->add('terminated', '/terminated')->controller([Controller::class, 'terminated'])->methods(['GET']);
        $routes->add('peak', '/peak')->controller([Controller::class, 'peak'])->methods(['GET']);
    }
}
