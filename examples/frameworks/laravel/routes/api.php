<?php

use Illuminate\Http\Request;
use Illuminate\Support\Facades\Route;

Route::get('/json', function (Request $request) {
    return response()->json([
        'hello' => 'world',
        'protocol' => $request->getProtocolVersion(),
        'query' => $request->query(),
        'flag' => config('app.flag'),
        'log' => app(App\Services\RequestLog::class)->entries,
    ]);
});

Route::post('/items', function (Request $request) {
    app(App\Services\RequestLog::class)->entries[] = 'created ' . $request->input('name');
    return response()->json(['created' => $request->input('name'), 'log' => app(App\Services\RequestLog::class)->entries], 201);
});

// Changes the configuration at run time: the worker rolls it back after the request.
Route::get('/config', function () {
    config(['app.flag' => 'changed', 'extra.key' => 1]);
    return response()->json(['flag' => config('app.flag')]);
});

Route::get('/whoami', function (Request $request) {
    $started = microtime(true);
    $before = [optional($request->user())->name, $request->query('id')];
    Trident\Coroutine::sleep((float)$request->query('sleep', 0));
    return response()->json(['before' => $before, 'after' => [optional(auth()->user())->name, request()->query('id')],
        'started' => $started, 'ended' => microtime(true)]);
})->middleware('auth');

Route::get('/stream', function () {
    return response()->stream(function () {
        for ($i = 0; $i < 1000; $i++) {
            echo str_pad("line $i", 1023, '.') . "\n";
        }
    }, 200, ['Content-Type' => 'text/plain']);
});

Route::get('/download', function (Request $request) {
    return response()->download($request->query('path'), 'report.bin');
});

Route::get('/peak', fn () => ['peak' => memory_get_peak_usage(), 'served' => App\Http\Middleware\AddAppHeader::$served]);

