<?php

declare(strict_types=1);

namespace Trident\Psr;

use Psr\Http\Message\ResponseInterface;
use Trident\Http\Response;

/**
 * PSR-7 response -> Trident response. A body of known small size goes out with one end();
 * a larger or unsized one is read and written in 64 KiB pieces (write() waits while the
 * client is slow), so a 1 GiB stream never sits in memory; a body that is a plain local file
 * read from its start goes through sendfile(). Trailers come from TrailersInterface.
 */
final class ResponseEmitter
{
    public const CHUNK = 65536;

    public static function emit(ResponseInterface $psr, Response $response): void
    {
        $response->status($psr->getStatusCode(), $psr->getReasonPhrase());
        foreach ($psr->getHeaders() as $name => $values) {
            // The server frames the body itself (Content-Length, chunked, DATA frames).
            $lower = strtolower((string)$name);
            if ($lower === 'content-length' || $lower === 'transfer-encoding') {
                continue;
            }
            $response->header((string)$name, count($values) === 1 ? (string)$values[0] : array_map('strval', $values));
        }
        $body = $psr->getBody();
        $trailers = $psr instanceof TrailersInterface ? $psr : ($body instanceof TrailersInterface ? $body : null);
        if ($trailers === null && ($file = self::plainFile($body)) !== null) {
            $response->sendfile($file);
            return;
        }
        $size = $body->getSize();
        if ($body->isSeekable() && $body->tell() !== 0) {
            $body->rewind();
        }
        if ($trailers === null && $size !== null && $size <= self::CHUNK) {
            $response->end($size === 0 ? '' : (string)$body->getContents());
            return;
        }
        while (!$body->eof()) {
            $chunk = $body->read(self::CHUNK);
            if ($chunk === '') {
                // eof() may only turn true after a read that returned nothing.
                continue;
            }
            if (!$response->write($chunk)) {
                $body->close();
                return;  // the client went away
            }
        }
        if ($trailers !== null) {
            foreach ($trailers->getTrailers() as $name => $value) {
                $response->trailer((string)$name, (string)$value);
            }
        }
        $body->close();
        $response->end();
    }

    /** The path of a stream over a whole regular local file, else null. */
    private static function plainFile(\Psr\Http\Message\StreamInterface $body): ?string
    {
        $meta = $body->getMetadata();
        if (!is_array($meta) || ($meta['wrapper_type'] ?? '') !== 'plainfile' || !isset($meta['uri'])) {
            return null;
        }
        $uri = (string)$meta['uri'];
        if (!is_file($uri) || !$body->isSeekable() || $body->tell() !== 0) {
            return null;
        }
        return $uri;
    }
}
