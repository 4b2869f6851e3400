<?php

/**
 * Trident\Runtime: coroutine I/O hooks, which make ordinary blocking PHP functions suspend
 * only the calling coroutine.
 *
 * This file is the source of truth for these signatures: ext-src/runtime_arginfo.h is
 * generated from it by scripts/gen-arginfo. It also ships for IDEs and static analysers; it
 * is never executed.
 *
 * @generate-class-entries
 */

namespace Trident {

/**
 * Coroutine I/O hooks. With a family of hooks enabled, its functions called inside a
 * coroutine wait on the scheduler's event loop instead of blocking the process, so the
 * other coroutines of the worker run meanwhile. Outside a coroutine (the master, the
 * manager, a CLI script outside Trident\Coroutine\run()), in destructors and at shutdown,
 * the hooked functions behave exactly as PHP's own: they block. Return values, warnings
 * and errors are PHP's in every case.
 *
 * The flags are per process. A server worker applies its 'hook_flags' setting (default
 * HOOK_ALL) before WorkerStart runs; the master and the manager are not hooked.
 *
 * @not-serializable
 */
final class Runtime
{
    /**
     * tcp:// streams (mysqlnd, phpredis, http://, fsockopen, stream_socket_client, ...).
     *
     * @var int
     * @cvalue TRIDENT_HOOK_TCP
     */
    public const HOOK_TCP = UNKNOWN;

    /**
     * udp:// streams.
     *
     * @var int
     * @cvalue TRIDENT_HOOK_UDP
     */
    public const HOOK_UDP = UNKNOWN;

    /**
     * unix:// streams.
     *
     * @var int
     * @cvalue TRIDENT_HOOK_UNIX
     */
    public const HOOK_UNIX = UNKNOWN;

    /**
     * udg:// streams (Unix datagram sockets).
     *
     * @var int
     * @cvalue TRIDENT_HOOK_UDG
     */
    public const HOOK_UDG = UNKNOWN;

    /**
     * ssl:// streams (and https:// through the http wrapper).
     *
     * @var int
     * @cvalue TRIDENT_HOOK_SSL
     */
    public const HOOK_SSL = UNKNOWN;

    /**
     * tls://, tlsv1.0:// ... tlsv1.3:// streams.
     *
     * @var int
     * @cvalue TRIDENT_HOOK_TLS
     */
    public const HOOK_TLS = UNKNOWN;

    /**
     * stream_select().
     *
     * @var int
     * @cvalue TRIDENT_HOOK_STREAM_FUNCTION
     */
    public const HOOK_STREAM_FUNCTION = UNKNOWN;

    /**
     * sleep(), usleep(), time_nanosleep(), time_sleep_until().
     *
     * @var int
     * @cvalue TRIDENT_HOOK_SLEEP
     */
    public const HOOK_SLEEP = UNKNOWN;

    /**
     * proc_open() pipes, exec(), shell_exec(), system(), passthru().
     *
     * @var int
     * @cvalue TRIDENT_HOOK_PROC
     */
    public const HOOK_PROC = UNKNOWN;

    /**
     * curl_exec() and curl_multi_*().
     *
     * @var int
     * @cvalue TRIDENT_HOOK_CURL
     */
    public const HOOK_CURL = UNKNOWN;

    /**
     * gethostbyname(), gethostbynamel().
     *
     * @var int
     * @cvalue TRIDENT_HOOK_DNS
     */
    public const HOOK_DNS = UNKNOWN;

    /**
     * PostgreSQL.
     *
     * @var int
     * @cvalue TRIDENT_HOOK_PGSQL
     */
    public const HOOK_PGSQL = UNKNOWN;

    /**
     * Every family above.
     *
     * @var int
     * @cvalue TRIDENT_HOOK_ALL
     */
    public const HOOK_ALL = UNKNOWN;

    /**
     * Enables exactly the hook families in $flags in this process and restores PHP's own
     * behaviour for the others; 0 disables every hook. Streams opened before a transport
     * family was enabled stay blocking.
     *
     * @param int $flags a combination of the HOOK_* constants.
     * @return bool true.
     * @throws \ValueError for bits that are not HOOK_* flags.
     */
    public static function enableCoroutine(int $flags = Runtime::HOOK_ALL): bool {}

    /**
     * Returns the hook flags in force in this process (0 until enableCoroutine() or, in a
     * server worker, the 'hook_flags' setting enabled some).
     */
    public static function getHookFlags(): int {}
}

}
