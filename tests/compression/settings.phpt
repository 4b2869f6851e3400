--TEST--
Compression settings through $server->set(): http_compression, http_compression_level, http_compression_levels (per coding, ranges), http_compression_min_length, http_compression_types (patterns), http_compression_encodings (known codings, no duplicates, not empty), http_compression_event_stream; invalid values warn with the reason and return false
--SKIPIF--
<?php if (!extension_loaded('trident')) die('skip trident not loaded');
--FILE--
<?php
$server = new Trident\Http\Server('127.0.0.1', 0);
set_error_handler(function ($no, $msg) { echo "  warning: $msg\n"; return true; });
$try = function (array $s) use ($server) { echo json_encode($s), " => ", var_export($server->set($s), true), "\n"; };
$try([
    'http_compression' => true,
    'http_compression_level' => 5,
    'http_compression_levels' => ['gzip' => 9, 'br' => 11, 'zstd' => 19],
    'http_compression_min_length' => 0,
    'http_compression_types' => ['text/*', 'application/json', 'application/*+json'],
    'http_compression_encodings' => ['zstd', 'gzip'],
    'http_compression_event_stream' => true,
]);
$try(['http_compression' => 'yes']);
$try(['http_compression_level' => 10]);
$try(['http_compression_level' => 0]);
$try(['http_compression_levels' => ['br' => 12]]);
$try(['http_compression_levels' => ['gzip' => 0]]);
$try(['http_compression_levels' => ['zstd' => 20]]);
$try(['http_compression_levels' => ['lzma' => 3]]);
$try(['http_compression_levels' => [6]]);
$try(['http_compression_levels' => ['gzip' => '6']]);
$try(['http_compression_levels' => 6]);
$try(['http_compression_min_length' => -1]);
$try(['http_compression_types' => 'text/html']);
$try(['http_compression_types' => ['text/html', 'html']]);
$try(['http_compression_types' => ['text/html; charset=utf-8']]);
$try(['http_compression_types' => [['text/html']]]);
$try(['http_compression_encodings' => ['gzip', 'deflate']]);
$try(['http_compression_encodings' => ['br', 'br']]);
$try(['http_compression_encodings' => []]);
$try(['http_compression_encodings' => ['identity']]);
$try(['http_compression_event_stream' => 1]);
?>
--EXPECT--
{"http_compression":true,"http_compression_level":5,"http_compression_levels":{"gzip":9,"br":11,"zstd":19},"http_compression_min_length":0,"http_compression_types":["text\/*","application\/json","application\/*+json"],"http_compression_encodings":["zstd","gzip"],"http_compression_event_stream":true} => true
{"http_compression":"yes"} =>   warning: Trident\Http\Server::set(): Setting "http_compression" must be of type bool, string given
false
{"http_compression_level":10} =>   warning: Trident\Http\Server::set(): Setting "http_compression_level" must be between 1 and 9, 10 given (per-coding levels: http_compression_levels)
false
{"http_compression_level":0} =>   warning: Trident\Http\Server::set(): Setting "http_compression_level" must be between 1 and 9, 0 given (per-coding levels: http_compression_levels)
false
{"http_compression_levels":{"br":12}} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels": the level of "br" must be between 0 and 11, 12 given
false
{"http_compression_levels":{"gzip":0}} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels": the level of "gzip" must be between 1 and 9, 0 given
false
{"http_compression_levels":{"zstd":20}} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels": the level of "zstd" must be between 1 and 19, 20 given
false
{"http_compression_levels":{"lzma":3}} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels" must map codings ("gzip", "br", "zstd") to levels, "lzma" given
false
{"http_compression_levels":[6]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels" must map codings ("gzip", "br", "zstd") to levels, an int key given
false
{"http_compression_levels":{"gzip":"6"}} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels": the level of "gzip" must be of type int, string given
false
{"http_compression_levels":6} =>   warning: Trident\Http\Server::set(): Setting "http_compression_levels" must be of type array, int given
false
{"http_compression_min_length":-1} =>   warning: Trident\Http\Server::set(): Setting "http_compression_min_length" must be between 0 and 9223372036854775807, -1 given
false
{"http_compression_types":"text\/html"} =>   warning: Trident\Http\Server::set(): Setting "http_compression_types" must be of type array, string given
false
{"http_compression_types":["text\/html","html"]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_types" must be a list of media types such as "text/*" or "application/json", "html" given
false
{"http_compression_types":["text\/html; charset=utf-8"]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_types" must be a list of media types such as "text/*" or "application/json", "text/html; charset=utf-8" given
false
{"http_compression_types":[["text\/html"]]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_types" must be a list of media types (strings), array given
false
{"http_compression_encodings":["gzip","deflate"]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_encodings" must list codings among "gzip", "br", "zstd", "deflate" given
false
{"http_compression_encodings":["br","br"]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_encodings" lists "br" twice
false
{"http_compression_encodings":[]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_encodings" must list at least one coding (to turn compression off: http_compression => false)
false
{"http_compression_encodings":["identity"]} =>   warning: Trident\Http\Server::set(): Setting "http_compression_encodings" must list codings among "gzip", "br", "zstd", "identity" given
false
{"http_compression_event_stream":1} =>   warning: Trident\Http\Server::set(): Setting "http_compression_event_stream" must be of type bool, int given
false
