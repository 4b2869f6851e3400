<?php

declare(strict_types=1);

namespace Trident\Psr;

use Psr\Http\Message\ServerRequestFactoryInterface;
use Psr\Http\Message\ServerRequestInterface;
use Psr\Http\Message\StreamFactoryInterface;
use Psr\Http\Message\UploadedFileFactoryInterface;
use Psr\Http\Message\UploadedFileInterface;
use Trident\Bridge\ServerParams;
use Trident\Http\Request;

/**
 * Trident request -> PSR-7 ServerRequestInterface, through any PSR-17 factories (nyholm/psr7
 * and guzzlehttp/psr7 are tested). Attributes set: "trident.request" (the Trident request,
 * for what PSR-7 cannot say, e.g. read() of a streamed body) and "trident.response" (the
 * Trident response, e.g. for earlyHints() or sendfile() from inside a handler; a handler
 * that ends it itself returns any response, which is then ignored).
 */
final class RequestConverter
{
    public function __construct(
        private ServerRequestFactoryInterface $requests,
        private StreamFactoryInterface $streams,
        private UploadedFileFactoryInterface $uploads,
    ) {
    }

    public function convert(Request $request, ?\Trident\Http\Response $response = null): ServerRequestInterface
    {
        $psr = $this->requests->createServerRequest($request->getMethod(), ServerParams::url($request), ServerParams::of($request))
            ->withProtocolVersion(ServerParams::protocolVersion($request));
        foreach ($request->header as $name => $value) {
            $psr = $psr->withHeader((string)$name, (string)$value);
        }
        if ($request->get !== null) {
            $psr = $psr->withQueryParams($request->get);
        }
        if ($request->cookie !== null) {
            $psr = $psr->withCookieParams($request->cookie);
        }
        $body = $request->rawContent();
        if ($body !== false && $body !== '') {
            $psr = $psr->withBody($this->streams->createStream($body));
        }
        // rawContent() has waited for the whole body: $post and $files are final now.
        if ($request->post !== null) {
            $psr = $psr->withParsedBody($request->post);
        }
        if ($request->files !== null) {
            $psr = $psr->withUploadedFiles($this->files($request->files));
        }
        $psr = $psr->withAttribute('trident.request', $request);
        if ($response !== null) {
            $psr = $psr->withAttribute('trident.response', $response);
        }
        return $psr;
    }

    /**
     * $_FILES's shape (name, type, tmp_name, error, size per field, nested for "a[b][]")
     * -> PSR-7's tree of UploadedFileInterface.
     */
    private function files(array $files): array
    {
        $out = [];
        foreach ($files as $field => $spec) {
            if (is_array($spec) && array_key_exists('tmp_name', $spec)) {
                $out[$field] = $this->tree($spec['tmp_name'], $spec['size'] ?? null, $spec['error'] ?? UPLOAD_ERR_OK,
                    $spec['name'] ?? null, $spec['type'] ?? null);
            }
        }
        return $out;
    }

    private function tree(mixed $tmp, mixed $size, mixed $error, mixed $name, mixed $type): UploadedFileInterface|array
    {
        if (!is_array($tmp)) {
            return $this->file((string)$tmp, $size === null ? null : (int)$size, (int)$error,
                $name === null ? null : (string)$name, $type === null ? null : (string)$type);
        }
        $out = [];
        foreach ($tmp as $k => $sub) {
            $out[$k] = $this->tree($sub, is_array($size) ? ($size[$k] ?? null) : null, is_array($error) ? ($error[$k] ?? UPLOAD_ERR_OK) : UPLOAD_ERR_OK,
                is_array($name) ? ($name[$k] ?? null) : null, is_array($type) ? ($type[$k] ?? null) : null);
        }
        return $out;
    }

    private function file(string $tmp, ?int $size, int $error, ?string $name, ?string $type): UploadedFileInterface
    {
        // The stream reads the server's temporary file (removed when the request ends):
        // moveTo() copies it, getStream() reads it, nothing is loaded into memory here.
        $stream = ($error === UPLOAD_ERR_OK && $tmp !== '' && is_file($tmp))
            ? $this->streams->createStreamFromFile($tmp, 'r')
            : $this->streams->createStream('');
        return $this->uploads->createUploadedFile($stream, $size, $error, $name, $type);
    }
}
