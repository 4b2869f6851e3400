<?php

use Illuminate\Support\Facades\Route;

// A session-backed counter: each browser (session cookie) counts on its own.
Route::get('/counter', function () {
    $n = session('n', 0) + 1;
    session(['n' => $n]);
    return response()->json(['n' => $n]);
});

Route::get('/hello/{name}', fn (string $name) => response("Hello, $name!\n")->header('Content-Type', 'text/plain'));
