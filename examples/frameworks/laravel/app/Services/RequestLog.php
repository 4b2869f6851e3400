<?php

namespace App\Services;

/** Request-scoped (bound with scoped()): what one request did; must start empty every time. */
class RequestLog
{
    public array $entries = [];
}
