<?php

declare(strict_types=1);

namespace Trident\Bridge;

use Trident\Http\Request;

/**
 * The CGI-style server parameters ($_SERVER's shape) of one Trident request, built from
 * $request->server and $request->header. Frameworks read these from their own request
 * object (PSR-7 getServerParams(), Symfony's $request->server); the real $_SERVER is never
 * touched, because several requests run at once in one worker (see README, "Superglobals").
 */
final class ServerParams
{
    /** @return array<string, mixed> */
    public static function of(Request $request, string $scriptName = ''): array
    {
        $s = $request->server;
        $uri = (string)($s['request_uri'] ?? '/');
        $query = (string)($s['query_string'] ?? '');
        $params = [
            'REQUEST_METHOD' => (string)($s['request_method'] ?? 'GET'),
            'REQUEST_URI' => $query === '' ? $uri : $uri . '?' . $query,
            'PATH_INFO' => (string)($s['path_info'] ?? $uri),
            'QUERY_STRING' => $query,
            'SERVER_PROTOCOL' => (string)($s['server_protocol'] ?? 'HTTP/1.1'),
            'SERVER_SOFTWARE' => 'Trident',
            'SERVER_NAME' => self::hostName((string)($request->header['host'] ?? ($s['server_addr'] ?? '127.0.0.1'))),
            'SERVER_ADDR' => (string)($s['server_addr'] ?? ''),
            'SERVER_PORT' => (int)($s['server_port'] ?? 0),
            'REMOTE_ADDR' => (string)($s['remote_addr'] ?? ''),
            'REMOTE_PORT' => (int)($s['remote_port'] ?? 0),
            'REQUEST_TIME' => (int)($s['request_time'] ?? time()),
            'REQUEST_TIME_FLOAT' => (float)($s['request_time_float'] ?? microtime(true)),
            'SCRIPT_NAME' => $scriptName,
            'SCRIPT_FILENAME' => $scriptName,
            'PHP_SELF' => $scriptName,
        ];
        if (!empty($s['https']) && $s['https'] !== 'off') {
            $params['HTTPS'] = 'on';
        }
        foreach ($request->header as $name => $value) {
            $key = strtoupper(str_replace('-', '_', (string)$name));
            if ($key === 'CONTENT_TYPE' || $key === 'CONTENT_LENGTH') {
                $params[$key] = $value;
            } else {
                $params['HTTP_' . $key] = $value;
            }
        }
        return $params;
    }

    /** "2" for "HTTP/2", "1.1" for "HTTP/1.1": the form PSR-7 and Symfony use. */
    public static function protocolVersion(Request $request): string
    {
        $p = (string)($request->server['server_protocol'] ?? 'HTTP/1.1');
        return str_starts_with($p, 'HTTP/') ? substr($p, 5) : '1.1';
    }

    /** The request's absolute URL: scheme, Host (":authority" on HTTP/2 and 3), path, query. */
    public static function url(Request $request): string
    {
        $s = $request->server;
        $scheme = (!empty($s['https']) && $s['https'] !== 'off') ? 'https' : 'http';
        $host = (string)($request->header['host'] ?? ((string)($s['server_addr'] ?? '127.0.0.1') . ':' . (int)($s['server_port'] ?? 80)));
        $query = (string)($s['query_string'] ?? '');
        return $scheme . '://' . $host . (string)($s['request_uri'] ?? '/') . ($query === '' ? '' : '?' . $query);
    }

    private static function hostName(string $host): string
    {
        if ($host !== '' && $host[0] === '[') {
            $end = strpos($host, ']');
            return $end === false ? $host : substr($host, 0, $end + 1);
        }
        $colon = strrpos($host, ':');
        return $colon === false ? $host : substr($host, 0, $colon);
    }
}
