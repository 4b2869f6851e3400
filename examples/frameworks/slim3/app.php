<?php
/**
 * A Slim 3 application (Debian's php-slim), served by Trident through the PSR-7/PSR-15
 * bridge: see server.php, which defines $factory (a PSR-17 factory) before requiring this. tests/frameworks/slim3_*.phpt drive it with real clients.
 */

declare(strict_types=1);

use Psr\Http\Message\ResponseInterface as Res;
use Psr\Http\Message\ServerRequestInterface as Req;
use Psr\Http\Message\StreamInterface;
use Trident\Psr\TrailersInterface;

require_once 'Slim/autoload.php';

/**
 * A generated body of $bytes bytes: it is produced while it is sent, never held whole, and
 * its SHA-256 goes out as a trailer once the last byte has been read.
 */
final class GeneratedStream implements StreamInterface, TrailersInterface
{
    private int $pos = 0;
    private \HashContext $hash;

    public function __construct(private int $bytes)
    {
        $this->hash = hash_init('sha256');
    }

    public function read($length): string
    {
        $n = min($length, $this->bytes - $this->pos);
        if ($n <= 0) return '';
        $chunk = str_repeat(chr(ord('a') + intdiv($this->pos, 65536) % 26), $n);
        $this->pos += $n;
        hash_update($this->hash, $chunk);
        return $chunk;
    }

    public function eof(): bool { return $this->pos >= $this->bytes; }
    public function getSize(): ?int { return null; }
    public function tell(): int { return $this->pos; }
    public function isSeekable(): bool { return false; }
    public function isReadable(): bool { return true; }
    public function isWritable(): bool { return false; }
    public function getTrailers(): array { return ['x-body-sha256' => hash_final(hash_copy($this->hash))]; }
    public function __toString(): string { return ''; }
    public function close(): void {}
    public function detach() { return null; }
    public function seek($offset, $whence = SEEK_SET): void { throw new RuntimeException('not seekable'); }
    public function rewind(): void { throw new RuntimeException('not seekable'); }
    public function write($string): int { throw new RuntimeException('not writable'); }
    public function getContents(): string { $s = ''; while (!$this->eof()) $s .= $this->read(65536); return $s; }
    public function getMetadata($key = null) { return $key === null ? [] : null; }
}

/** Request counter of this worker: application state that lives as long as the worker. */
$served = 0;

$app = new Slim\App(['settings' => ['displayErrorDetails' => false]]);

// Middleware: who is asking (X-User), as a request attribute, plus the worker's count.
$app->add(function (Req $req, Res $res, callable $next) use (&$served): Res {
    $served++;
    $res = $next($req->withAttribute('user', $req->getHeaderLine('x-user') ?: 'anonymous'), $res);
    return $res->withHeader('X-Served-By-Worker', (string)getmypid());
});

$json = function (Res $res, array $data, int $status = 200): Res {
    $res->getBody()->write(json_encode($data, JSON_UNESCAPED_SLASHES) . "\n");
    return $res->withStatus($status)->withHeader('Content-Type', 'application/json');
};

$app->get('/hello/{name}', function (Req $req, Res $res, array $args): Res {
    $res->getBody()->write("Hello, {$args['name']}!\n");
    return $res->withHeader('Content-Type', 'text/plain')->withHeader('X-Protocol', $req->getProtocolVersion());
});

$app->get('/info', function (Req $req, Res $res) use ($json): Res {
    $server = $req->getServerParams();
    return $json($res, [
        'method' => $req->getMethod(),
        'uri' => (string)$req->getUri(),
        'path' => $req->getUri()->getPath(),
        'query' => $req->getQueryParams(),
        'cookies' => $req->getCookieParams(),
        'protocol' => $req->getProtocolVersion(),
        'accept' => $req->getHeaderLine('accept'),
        'server' => [$server['REQUEST_METHOD'], $server['SERVER_PROTOCOL'], $server['QUERY_STRING'], $server['REMOTE_ADDR'], $server['HTTP_X_TEST'] ?? null],
        'user' => $req->getAttribute('user'),
        'request_class' => get_class($req),
    ]);
});

$app->post('/form', function (Req $req, Res $res) use ($json): Res {
    $files = [];
    foreach ($req->getUploadedFiles() as $field => $f) {
        $files[$field] = ['name' => $f->getClientFilename(), 'type' => $f->getClientMediaType(), 'size' => $f->getSize(),
                          'error' => $f->getError(), 'sha256' => hash('sha256', (string)$f->getStream())];
        // guzzle's moveTo() copies from the stream's current position: back to the start.
        $f->getStream()->rewind();
    }
    $moved = null;
    if (isset($req->getUploadedFiles()['doc'])) {
        $target = tempnam(sys_get_temp_dir(), 'slim_moved_');
        unlink($target);
        $req->getUploadedFiles()['doc']->moveTo($target);
        $moved = hash_file('sha256', $target);
        unlink($target);
    }
    return $json($res, ['parsed' => $req->getParsedBody(), 'files' => $files, 'moved_sha256' => $moved], 201);
});

$app->post('/echo', function (Req $req, Res $res): Res {
    $res->getBody()->write(strtoupper((string)$req->getBody()));
    return $res->withHeader('Content-Type', $req->getHeaderLine('content-type'));
});

$app->get('/generated/{bytes}', function (Req $req, Res $res, array $args): Res {
    return $res->withBody(new GeneratedStream((int)$args['bytes']))->withHeader('Content-Type', 'application/octet-stream')
        ->withHeader('Trailer', 'x-body-sha256');
});

$app->get('/file', function (Req $req, Res $res) use ($factory): Res {
    $path = $req->getQueryParams()['path'];
    return $res->withBody($factory->createStreamFromFile($path, 'r'))->withHeader('Content-Type', 'application/octet-stream');
});

$app->get('/peak', function (Req $req, Res $res) use ($json, &$served): Res {
    return $json($res, ['peak' => memory_get_peak_usage(), 'served' => $served]);
});

// Two of these in flight at once in one worker: each must see its own user and query.
$app->get('/slow', function (Req $req, Res $res) use ($json): Res {
    $started = microtime(true);
    $before = [$req->getAttribute('user'), $req->getQueryParams()['id'] ?? null];
    Trident\Coroutine::sleep((float)($req->getQueryParams()['sleep'] ?? 0.3));
    $after = [$req->getAttribute('user'), $req->getQueryParams()['id'] ?? null];
    return $json($res, ['before' => $before, 'after' => $after, 'cookies' => $req->getCookieParams(),
                        'started' => $started, 'ended' => microtime(true)]);
});

// Code that reads the superglobals: Trident leaves them empty (README, "Superglobals").
$app->get('/superglobals', function (Req $req, Res $res) use ($json): Res {
    return $json($res, ['get' => $_GET, 'post' => $_POST, 'cookie' => $_COOKIE, 'files' => $_FILES,
                        'request_uri' => $_SERVER['REQUEST_URI'] ?? null]);
});

$app->get('/fail', function (): Res {
    throw new RuntimeException('boom');
});

return $app;
