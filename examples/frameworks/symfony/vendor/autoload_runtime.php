<?php
// Stands in for the vendor/autoload_runtime.php that symfony/runtime's Composer plugin
// generates: the class loaders, then Trident's equivalent of the generated runner.
require_once __DIR__ . '/autoload.php';
require_once is_file(__DIR__ . '/../../../../php/symfony-runtime.php') ? __DIR__ . '/../../../../php/symfony-runtime.php' : 'Trident/symfony-runtime.php';
