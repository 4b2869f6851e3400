<?php

namespace App;

use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\JsonResponse;
use Symfony\Component\HttpFoundation\Request;
use Symfony\Component\HttpFoundation\RequestStack;
use Symfony\Component\HttpFoundation\Response;
use Symfony\Component\HttpFoundation\ResponseHeaderBag;
use Symfony\Component\HttpFoundation\StreamedResponse;

final class Controller
{
    public function __construct(private RequestStack $stack, private RequestCounter $counter)
    {
    }

    public function json(Request $request): JsonResponse
    {
        return new JsonResponse([
            'hello' => 'world',
            'protocol' => $request->getProtocolVersion(),
            'secure' => $request->isSecure(),
            'host' => $request->getHost(),
            'query' => $request->query->all(),
            'cookies' => $request->cookies->all(),
            'count' => ++$this->counter->count,
        ]);
    }

    public function hello(Request $request, string $name): Response
    {
        $response = new Response("Hello, $name!\n", 200, ['Content-Type' => 'text/plain', 'X-Protocol' => $request->getProtocolVersion()]);
        $response->headers->setCookie(new \Symfony\Component\HttpFoundation\Cookie('seen', $name));
        return $response;
    }

    public function upload(Request $request): JsonResponse
    {
        $out = ['fields' => $request->request->all(), 'files' => []];
        foreach ($request->files->all() as $field => $file) {
            $out['files'][$field] = ['name' => $file->getClientOriginalName(), 'type' => $file->getClientMimeType(),
                'size' => $file->getSize(), 'valid' => $file->isValid(), 'sha256' => hash_file('sha256', $file->getPathname())];
            $dir = sys_get_temp_dir() . '/trident-symfony-moved-' . getmypid();
            $moved = $file->move($dir, 'moved.bin');
            $out['files'][$field]['moved_sha256'] = hash_file('sha256', $moved->getPathname());
            unlink($moved->getPathname());
            rmdir($dir);
        }
        return new JsonResponse($out, 201);
    }

    /** $bytes bytes in 8 KiB pieces, produced while they are sent. */
    public function stream(int $bytes): StreamedResponse
    {
        return new StreamedResponse(function () use ($bytes) {
            for ($sent = 0; $sent < $bytes; $sent += 8192) {
                echo str_repeat(chr(ord('a') + intdiv($sent, 8192) % 26), min(8192, $bytes - $sent));
                flush();
            }
        }, 200, ['Content-Type' => 'application/octet-stream']);
    }

    public function download(Request $request): BinaryFileResponse
    {
        $response = new BinaryFileResponse($request->query->get('path'));
        $response->setContentDisposition(ResponseHeaderBag::DISPOSITION_ATTACHMENT, 'report.bin');
        return $response;
    }

    /** Reads the current request through the RequestStack service before and after a wait. */
    public function slow(Request $request): JsonResponse
    {
        $started = microtime(true);
        $before = $this->stack->getCurrentRequest()->query->get('id');
        \Trident\Coroutine::sleep((float)$request->query->get('sleep', 0.3));
        $after = $this->stack->getCurrentRequest()->query->get('id');
        return new JsonResponse(['before' => $before, 'after' => $after, 'count' => ++$this->counter->count,
            'started' => $started, 'ended' => microtime(true)]);
    }

    public function terminated(): JsonResponse
    {
        return new JsonResponse(TerminateRecorder::$paths);
    }

    public function peak(): JsonResponse
    {
        return new JsonResponse(['peak' => memory_get_peak_usage()]);
    }
}
