<?php
// One guard: the user named by the X-User header (AppServiceProvider), a stand-in for a
// token guard that needs no database.
return [
    'defaults' => ['guard' => 'header'],
    'guards' => ['header' => ['driver' => 'x-user-header']],
    'providers' => [],
];
