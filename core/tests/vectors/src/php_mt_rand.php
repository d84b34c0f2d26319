<?php
// PHP's mt_rand()/rand()/lcg_value()/uniqid() outputs, one line per case: `<seed> <kind> <values...>`.
// Argument "seeded": the header, then for each seed and kind 200 values from a fresh mt_srand(seed)
// (legacy:* after mt_srand(seed, MT_RAND_PHP)), then md5_uniqid_mt_rand lines. Arguments "lcg",
// "uniqid" and "uniqid_more": the lines of one fresh process (seed field "-": time/pid seeded).
$mode = $argv[1] ?? 'seeded';

function line($seed, $kind, $n, $next) {
    $vals = [];
    for ($i = 0; $i < $n; $i++) $vals[] = $next();
    echo $seed, ' ', $kind, ' ', implode(' ', $vals), "\n";
}

if ($mode === 'seeded') {
    echo '# PHP ', PHP_VERSION, ' (', PHP_OS, ', PHP_INT_SIZE ', PHP_INT_SIZE, ', mt_getrandmax() ', mt_getrandmax(), ")\n";
    echo "# line: <seed> <kind> <values...>; each seeded line starts from a fresh mt_srand(<seed>)",
         " (legacy:* from mt_srand(<seed>, MT_RAND_PHP)); kinds mt_rand, mt_rand:<min>:<max>, rand, rand:<min>:<max>\n";
    echo "# mt_rand:0:4294967295 (range 2^32) returns the raw 32-bit MT19937 output; mt_rand() and rand() return it >> 1;",
         " rand(min, max) is mt_rand(min, max) here\n";
    echo "# mt_srand() casts its int seed to uint32: -1 gives the same stream as 4294967295, 4294967296 the same as 0\n";
    echo "# <seed> md5_uniqid_mt_rand <raw> <md5>: raw = uniqid(mt_rand(), true), 20 lines per seed in one process after mt_srand(<seed>)\n";
    echo "# <seed> md5_uniqid_plain <raw> <md5>: raw = uniqid(mt_rand()), 20 lines per seed in one process after mt_srand(<seed>), 0 to 0.5 ms apart\n";
    echo "# - lcg_value <100 values>: one fresh process, sprintf('%.17g', lcg_value()); lcg_value_echo: the same values as",
         " echo prints them (precision=", ini_get('precision'), "); lcg_value_export: the same values by var_export",
         " (serialize_precision=", ini_get('serialize_precision'), "); - lcg_pid <getmypid()> of that process\n";
    echo "# - microtime_before <sprintf('%.6F', microtime(true))> then - uniqid <50 values> (or - uniqid_more <50 values> of",
         " uniqid('', true)) from one fresh process\n";
    $full = [0, 1, 42, 123456789, 4294967295, 1764670000];
    foreach ($full as $seed) {
        mt_srand($seed);
        line($seed, 'mt_rand', 200, fn() => mt_rand());
        foreach ([[1, 100], [0, 61], [0, 4294967295], [1000000, 9999999]] as [$lo, $hi]) {
            mt_srand($seed);
            line($seed, "mt_rand:$lo:$hi", 200, fn() => mt_rand($lo, $hi));
        }
        mt_srand($seed);
        line($seed, 'rand', 200, fn() => rand());
        mt_srand($seed);
        line($seed, 'rand:1:100', 200, fn() => rand(1, 100));
        mt_srand($seed, MT_RAND_PHP);
        line($seed, 'legacy:mt_rand', 200, fn() => mt_rand());
        mt_srand($seed, MT_RAND_PHP);
        line($seed, 'legacy:mt_rand:1:100', 200, fn() => mt_rand(1, 100));
    }
    // Seeds outside 0..2^31-1, to show how mt_srand() maps them.
    foreach ([2147483648, 4294967296, -1] as $seed) {
        mt_srand($seed);
        line($seed, 'mt_rand', 200, fn() => mt_rand());
    }
    foreach ([42, 1764670000] as $seed) {
        mt_srand($seed);
        for ($i = 0; $i < 20; $i++) {
            $raw = uniqid(mt_rand(), true);
            echo $seed, ' md5_uniqid_mt_rand ', $raw, ' ', md5($raw), "\n";
        }
    }
    foreach ([42, 1234567] as $seed) {
        mt_srand($seed);
        for ($i = 0; $i < 20; $i++) {
            $raw = uniqid(mt_rand());
            echo $seed, ' md5_uniqid_plain ', $raw, ' ', md5($raw), "\n";
            usleep(($i * 37) % 500);
        }
    }
} elseif ($mode === 'lcg') {
    $vals = [];
    for ($i = 0; $i < 100; $i++) $vals[] = lcg_value();
    echo '- lcg_pid ', getmypid(), "\n";
    echo '- lcg_value ', implode(' ', array_map(fn($x) => sprintf('%.17g', $x), $vals)), "\n";
    echo '- lcg_value_echo ', implode(' ', array_map(fn($x) => (string)$x, $vals)), "\n";
    echo '- lcg_value_export ', implode(' ', array_map(fn($x) => var_export($x, true), $vals)), "\n";
} elseif ($mode === 'uniqid' || $mode === 'uniqid_more') {
    $more = $mode === 'uniqid_more';
    $before = microtime(true);
    $vals = [];
    for ($i = 0; $i < 50; $i++) $vals[] = uniqid('', $more);
    echo '- microtime_before ', sprintf('%.6F', $before), "\n";
    echo '- ', $mode, ' ', implode(' ', $vals), "\n";
}
