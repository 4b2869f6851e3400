<?php

/**
 * Trident coroutines: Coroutine, Channel, WaitGroup, Pool and Timer.
 *
 * This file is the source of truth for these signatures: ext-src/coroutine_arginfo.h is
 * generated from it by scripts/gen-arginfo. It also ships for IDEs and static analysers; it
 * is never executed.
 *
 * Coroutines need a scheduler: inside a server worker every Request callback already runs in
 * its own coroutine; in a CLI script, Trident\Coroutine\run() provides one. Creating a
 * coroutine, a timer, or waiting on a Channel or WaitGroup anywhere else throws
 * Trident\Coroutine\Exception.
 *
 * @generate-class-entries
 */

namespace Trident {

/**
 * Creates a coroutine; the same as Coroutine::create().
 *
 * @param callable $callback the coroutine's function.
 * @param mixed $args arguments passed to it.
 * @return int the new coroutine's id.
 * @throws \Trident\Coroutine\Exception outside a scheduler, past max_coroutine, or where
 *         switching is impossible (a destructor).
 */
function go(callable $callback, mixed ...$args): int {}

/**
 * Coroutines: functions that run concurrently in one worker, each on its own stack, and
 * switch only where they wait (sleep, Channel, WaitGroup, server I/O).
 *
 * Every coroutine has its own output buffers (ob_start() in one does not capture another's
 * output); exceptions, finally and Fibers work inside it as anywhere. exit() and die() end
 * the current coroutine only (finally blocks and deferred callbacks run); an uncaught
 * exception is reported as a warning and ends the coroutine; a fatal error ends the process.
 */
final class Coroutine
{
    /**
     * Creates a coroutine and runs it at once, until it first waits or finishes; then the
     * caller continues.
     *
     * The number of live coroutines is capped by the INI setting trident.max_coroutine
     * (default 10000): each needs a C stack (fiber.stack_size) and two memory mappings.
     *
     * @param callable $callback the coroutine's function.
     * @param mixed $args arguments passed to it.
     * @return int the new coroutine's id (ids start at 1 and are never reused in a process).
     * @throws \Trident\Coroutine\Exception outside a scheduler, past max_coroutine, or where
     *         switching is impossible (a destructor).
     */
    public static function create(callable $callback, mixed ...$args): int {}

    /**
     * Suspends the current coroutine for the given time; other coroutines run meanwhile.
     * Zero yields: the coroutine goes to the back of the ready queue.
     *
     * @param float $seconds time to sleep, millisecond resolution; never wakes earlier.
     * @return bool true.
     * @throws \ValueError for a negative time.
     * @throws \Trident\Coroutine\Exception outside a coroutine or where switching is
     *         impossible (a destructor).
     */
    public static function sleep(float $seconds): bool {}

    /**
     * Returns the id of the current coroutine, or -1 outside any coroutine.
     */
    public static function getCid(): int {}

    /**
     * Returns the id of the coroutine that created the given one (which may have finished
     * since), or -1 when it was created outside any coroutine.
     *
     * @param int $cid a coroutine id; 0 for the current coroutine.
     * @return int|false false when no such coroutine is alive (or, for 0, outside any).
     */
    public static function getPcid(int $cid = 0): int|false {}

    /**
     * Registers a callback to run when the current coroutine ends, however it ends (return,
     * exception, exit()). Callbacks run last registered first.
     *
     * @param callable $callback called without arguments.
     * @throws \Trident\Coroutine\Exception outside a coroutine.
     */
    public static function defer(callable $callback): void {}

    /**
     * Tells whether a coroutine with this id is alive (running, ready or waiting).
     */
    public static function exists(int $cid): bool {}

    /**
     * Returns the ids of every live coroutine, in ascending order.
     *
     * @return int[]
     */
    public static function list(): array {}

    /**
     * Returns scheduler counters: coroutine_num (live), coroutine_peak_num,
     * coroutine_last_cid, coroutine_pool_size (idle stacks kept for reuse), max_coroutine,
     * c_stack_size (bytes per coroutine stack), timer_num (Timer timers pending).
     *
     * @return array<string, int>
     */
    public static function stats(): array {}
}

/**
 * Timers on the scheduler's event loop. Every callback runs in a new coroutine, so it may
 * sleep or wait. Timers keep Trident\Coroutine\run() running until they are cleared (tick)
 * or have fired (after).
 */
final class Timer
{
    /**
     * Calls $callback(...$args) once, after $ms milliseconds.
     *
     * @param int $ms delay in milliseconds, 0 or more; never fires earlier.
     * @param callable $callback the function to call.
     * @param mixed $args arguments passed to it.
     * @return int the timer id, for clear().
     * @throws \ValueError for a negative delay.
     * @throws \Trident\Coroutine\Exception outside a scheduler.
     */
    public static function after(int $ms, callable $callback, mixed ...$args): int {}

    /**
     * Calls $callback($timerId, ...$args) every $ms milliseconds until clear($timerId).
     *
     * @param int $ms interval in milliseconds, 1 or more.
     * @param callable $callback the function to call.
     * @param mixed $args arguments passed after the timer id.
     * @return int the timer id, for clear().
     * @throws \ValueError for an interval below 1.
     * @throws \Trident\Coroutine\Exception outside a scheduler.
     */
    public static function tick(int $ms, callable $callback, mixed ...$args): int {}

    /**
     * Cancels a timer. A callback already running is not interrupted.
     *
     * @param int $timerId id returned by after() or tick().
     * @return bool false when no such timer is pending.
     */
    public static function clear(int $timerId): bool {}
}

}

namespace Trident\Coroutine {

/**
 * Runs $callback(...$args) in a coroutine with a scheduler for a CLI script, and returns
 * when every coroutine has finished and no timer is left. Coroutines still waiting when
 * nothing can wake them any more (a deadlock) are cancelled, as if they called exit(), with
 * a warning.
 *
 * @param callable $callback the first coroutine's function.
 * @param mixed $args arguments passed to it.
 * @return bool true.
 * @throws \Trident\Coroutine\Exception inside a coroutine or when a scheduler already runs
 *         (a server worker, or a run() in progress).
 */
function run(callable $callback, mixed ...$args): bool {}

/**
 * Thrown by the coroutine API when it cannot do what was asked: no scheduler, not inside a
 * coroutine, switching impossible (a destructor, garbage collection, shutdown), a coroutine
 * being cancelled, max_coroutine reached, or a WaitGroup counter going negative.
 */
class Exception extends \Trident\Exception {}

/**
 * A bounded FIFO queue between coroutines. push() waits while the channel is full, pop()
 * while it is empty; values are handed over in order, the longest waiting coroutine first.
 */
class Channel
{
    /**
     * errCode: the last operation succeeded.
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_OK
     */
    public const OK = 0;

    /**
     * errCode: the last operation timed out.
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_TIMEOUT
     */
    public const TIMEOUT = -1;

    /**
     * errCode: the channel is closed (and, for pop(), empty).
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_CLOSED
     */
    public const CLOSED = -2;

    /**
     * errCode: the waiting coroutine was cancelled.
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_CANCELED
     */
    public const CANCELED = -3;

    /** The most values the channel buffers. */
    public readonly int $capacity;

    /** Outcome of the last push() or pop(): one of the constants above. */
    public int $errCode = 0;

    /**
     * @param int $capacity the most values buffered, 1 or more.
     * @throws \ValueError for a capacity below 1.
     */
    public function __construct(int $capacity = 1) {}

    /**
     * Appends a value, waiting while the channel is full.
     *
     * @param mixed $data the value.
     * @param float $timeout seconds to wait; negative waits forever, 0 does not wait.
     * @return bool false on timeout or when the channel is (or gets) closed; see errCode.
     * @throws \Trident\Coroutine\Exception when it would have to wait outside a coroutine or
     *         where switching is impossible.
     */
    public function push(mixed $data, float $timeout = -1): bool {}

    /**
     * Removes and returns the oldest value, waiting while the channel is empty. A closed
     * channel still hands out what it buffered.
     *
     * @param float $timeout seconds to wait; negative waits forever, 0 does not wait.
     * @return mixed the value, or false on timeout or when the channel is closed and empty;
     *         see errCode.
     * @throws \Trident\Coroutine\Exception when it would have to wait outside a coroutine or
     *         where switching is impossible.
     */
    public function pop(float $timeout = -1): mixed {}

    /**
     * Closes the channel and wakes every waiting coroutine (their push() or pop() fails with
     * CLOSED).
     *
     * @return bool false when it was already closed.
     */
    public function close(): bool {}

    /** Number of buffered values. */
    public function length(): int {}

    /** Whether no value is buffered. */
    public function isEmpty(): bool {}

    /** Whether the buffer holds capacity values. */
    public function isFull(): bool {}

    /**
     * Returns consumer_num (coroutines waiting in pop()), producer_num (waiting in push())
     * and queue_num (buffered values).
     *
     * @return array<string, int>
     */
    public function stats(): array {}
}

/**
 * Waits for a group of coroutines: add() before starting each, done() when each finishes,
 * wait() until the counter is back at zero.
 */
class WaitGroup
{
    /**
     * @param int $delta initial counter, 0 or more.
     * @throws \ValueError for a negative counter.
     */
    public function __construct(int $delta = 0) {}

    /**
     * Adds to the counter; at zero every wait() returns.
     *
     * @param int $delta amount to add (negative subtracts).
     * @throws \Trident\Coroutine\Exception when the counter would go below zero.
     */
    public function add(int $delta = 1): void {}

    /**
     * Subtracts one from the counter.
     *
     * @throws \Trident\Coroutine\Exception when the counter is already zero.
     */
    public function done(): void {}

    /**
     * Waits until the counter is zero.
     *
     * @param float $timeout seconds to wait; negative waits forever.
     * @return bool false on timeout.
     * @throws \Trident\Coroutine\Exception when it would have to wait outside a coroutine or
     *         where switching is impossible.
     */
    public function wait(float $timeout = -1): bool {}

    /** The current counter. */
    public function count(): int {}
}


/**
 * A pool of connections (PDO, mysqli, Redis, sockets...) shared by the coroutines of one
 * worker. Connections are made lazily by the factory, at most $size of them; get() hands out
 * an idle one (the one put back longest ago first) or makes a new one, and when all $size are
 * out it waits, suspending only the calling coroutine, until one is put back. Each connection
 * is used by one coroutine at a time: put() it back when done (in a finally block), or
 * put(null) when it broke, so that the pool forgets it and makes a fresh one on demand.
 *
 * Like Channel, get() reports a timeout or a closed pool by returning false with errCode set
 * (TIMEOUT, CLOSED); it throws only for misuse (waiting outside a coroutine) and for what the
 * factory throws.
 */
class Pool
{
    /**
     * errCode: the last get() succeeded.
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_OK
     */
    public const OK = 0;

    /**
     * errCode: the last get() timed out (all connections stayed in use).
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_TIMEOUT
     */
    public const TIMEOUT = -1;

    /**
     * errCode: the pool is (or got) closed.
     *
     * @var int
     * @cvalue TRIDENT_CHANNEL_CLOSED
     */
    public const CLOSED = -2;

    /** Outcome of the last get(): one of the constants above. */
    public int $errCode = 0;

    /**
     * @param callable $factory called without arguments, in the coroutine calling get(), to
     *        make a connection; it must return the connection (anything but null) or throw.
     * @param int $size the most connections that exist at once, 1 or more.
     * @throws \ValueError for a size below 1.
     */
    public function __construct(callable $factory, int $size = 64) {}

    /**
     * Takes a connection: an idle one, else a new one from the factory while fewer than size
     * exist, else waits until another coroutine puts one back.
     *
     * @param float $timeout seconds to wait; negative waits forever, 0 does not wait.
     * @return mixed the connection, or false on timeout or when the pool is (or gets) closed;
     *         see errCode.
     * @throws \Trident\Coroutine\Exception when it would have to wait outside a coroutine or
     *         where switching is impossible, or when the factory returns null.
     * @throws \Throwable whatever the factory throws (the slot is freed again).
     */
    public function get(float $timeout = -1): mixed {}

    /**
     * Gives back a connection taken with get(); a waiting coroutine gets it at once. null
     * means the connection broke: the pool forgets it, and the next get() (or a waiting
     * coroutine) makes a new one. After close() the connection is dropped.
     *
     * @param mixed $connection the connection, or null for a broken one.
     * @throws \Trident\Coroutine\Exception when every connection is already back (more
     *         put() than get()).
     */
    public function put(mixed $connection): void {}

    /**
     * Closes the pool: drops the idle connections (their last reference, so PDO and Redis
     * disconnect) and wakes every waiting get() with false / CLOSED. Later get() calls return
     * false / CLOSED; connections still out are dropped when put back.
     */
    public function close(): void {}

    /**
     * Returns size, created (connections that exist, idle or in use), idle, in_use and
     * waiting (coroutines waiting in get()).
     *
     * @return array<string, int>
     */
    public function stats(): array {}
}

}
