<?php

declare(strict_types=1);

namespace Trident\Psr;

/**
 * PSR-7 has no trailers. A response, or its body stream, that implements this interface
 * gets its trailers sent after the body (HTTP/2 and HTTP/3 trailers, the chunked trailer
 * section on HTTP/1.1). getTrailers() is called once the whole body was written, so a body
 * stream can compute them from what it produced (a checksum, a row count).
 */
interface TrailersInterface
{
    /** @return array<string, string> field name => value */
    public function getTrailers(): array;
}
