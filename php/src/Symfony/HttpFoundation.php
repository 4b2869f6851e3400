<?php

declare(strict_types=1);

namespace Trident\Symfony;

use Symfony\Component\HttpFoundation\BinaryFileResponse;
use Symfony\Component\HttpFoundation\Request as SymfonyRequest;
use Symfony\Component\HttpFoundation\Response as SymfonyResponse;
use Symfony\Component\HttpFoundation\StreamedResponse;
use Trident\Bridge\ServerParams;
use Trident\Http\Request;
use Trident\Http\Response;

/**
 * Trident request -> HttpFoundation Request, HttpFoundation Response -> Trident response.
 * StreamedResponse output goes out in 64 KiB write()s as the callback produces it;
 * BinaryFileResponse goes through sendfile() (with the range its prepare() chose).
 */
final class HttpFoundation
{
    public const CHUNK = 65536;

    /**
     * @param string $scriptName the front controller, for SCRIPT_NAME (Symfony derives the
     *   base URL from it)
     * @param class-string<SymfonyRequest> $class a Request class with HttpFoundation's
     *   constructor (Illuminate\Http\Request for Laravel). Class names are strings, not
     *   ::class, in this library: PEAR's source analyzer (pecl package) reads "::class" as a
     *   class declaration and rejects the file.
     */
    public static function toSymfony(Request $request, string $scriptName = '', string $class = 'Symfony\Component\HttpFoundation\Request'): SymfonyRequest
    {
        $content = $request->rawContent();
        // $files is in $_FILES's shape: FileBag turns it into UploadedFile objects. Trident's
        // temporary files pass is_uploaded_file(), so isValid() and move() work as under FPM.
        $sf = new $class($request->get ?? [], $request->post ?? [], [], $request->cookie ?? [],
            $request->files ?? [], ServerParams::of($request, $scriptName), $content === false ? null : $content);
        $sf->attributes->set('trident.request', $request);
        return $sf;
    }

    public static function emit(SymfonyResponse $sf, Response $response, SymfonyRequest $request): void
    {
        $sf->prepare($request);
        $response->status($sf->getStatusCode());
        foreach ($sf->headers->allPreserveCaseWithoutCookies() as $name => $values) {
            $lower = strtolower((string)$name);
            if ($lower === 'content-length' || $lower === 'transfer-encoding') {
                continue;  // the server frames the body itself
            }
            $response->header((string)$name, count($values) === 1 ? (string)$values[0] : array_map('strval', $values));
        }
        $cookies = array_map('strval', $sf->headers->getCookies());
        if ($cookies) {
            $response->header('Set-Cookie', $cookies);
        }
        if ($sf instanceof BinaryFileResponse) {
            self::sendFile($sf, $response);
        } elseif ($sf instanceof StreamedResponse) {
            self::stream($sf, $response);
        } else {
            $response->end((string)$sf->getContent());
        }
    }

    private static function sendFile(BinaryFileResponse $sf, Response $response): void
    {
        // prepare() computed the part to send (Range) into private properties.
        [$offset, $maxlen, $delete] = (fn () => [$this->offset, $this->maxlen, $this->deleteFileAfterSend])->call($sf);
        $path = $sf->getFile()->getPathname();
        if ($maxlen === 0) {
            $response->end();  // e.g. HEAD, or 416 Range Not Satisfiable
        } else {
            $response->sendfile($path, (int)$offset, $maxlen > 0 ? (int)$maxlen : 0);
        }
        if ($delete && is_file($path)) {
            unlink($path);
        }
    }

    private static function stream(StreamedResponse $sf, Response $response): void
    {
        // Each coroutine has its own output buffers: this one catches only this response's
        // callback, and hands each 64 KiB (or each flush()) to write().
        $open = true;
        ob_start(static function (string $buffer) use ($response, &$open): string {
            if ($buffer !== '' && $open) {
                $open = $response->write($buffer);
            }
            return '';
        }, self::CHUNK);
        try {
            $sf->sendContent();
        } finally {
            ob_end_flush();
        }
        $response->end();
    }
}
