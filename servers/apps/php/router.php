<?php
// A PHP application on native sessions, as the PHP manual's session chapter shows them:
// session_start() on every page, session_regenerate_id(true) at login ("Session Management
// Basics": regenerate the id when the user's privilege changes), and at logout the manual's
// session_destroy() example: empty $_SESSION, delete the cookie, destroy the session.
// The ini settings are Debian's php-cli defaults; run.sh only moves the session files to a
// temporary directory and, when SESSION_GC_MAXLIFETIME is set, the garbage collector's age.
//
// Routes: GET / (home), POST /login (form: username, password), POST /logout,
// GET /account and /account/settings (a redirect to / unless logged in), GET /slow?ms=N.

const USERS = ['alice' => 'alice-password', 'bob' => 'bob-password'];

session_start();
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$method = $_SERVER['REQUEST_METHOD'];

function logged_in(): ?string {
    return $_SESSION['user'] ?? null;
}

if ($path === '/' && $method === 'GET') {
    // SLOW_HOME_MS: a slow target for the tests of the probe's time budget.
    usleep((int)(getenv('SLOW_HOME_MS') ?: 0) * 1000);
    echo "shop home\n";
} elseif ($path === '/login' && $method === 'POST') {
    $user = $_POST['username'] ?? '';
    $password = $_POST['password'] ?? '';
    if (isset(USERS[$user]) && hash_equals(USERS[$user], $password)) {
        session_regenerate_id(true);
        $_SESSION['user'] = $user;
        header('Location: /account', true, 303);
    } else {
        http_response_code(401);
        echo "wrong username or password\n";
    }
} elseif ($path === '/logout' && $method === 'POST') {
    $_SESSION = [];
    if (ini_get('session.use_cookies')) {
        $params = session_get_cookie_params();
        setcookie(session_name(), '', time() - 42000,
            $params['path'], $params['domain'], $params['secure'], $params['httponly']);
    }
    session_destroy();
    header('Location: /', true, 303);
} elseif (($path === '/account' || $path === '/account/settings') && $method === 'GET') {
    $user = logged_in();
    if ($user === null) {
        header('Location: /', true, 302);
    } elseif ($path === '/account') {
        echo "account of " . htmlspecialchars($user) . "\n";
    } else {
        echo "settings of " . htmlspecialchars($user) . "\n";
    }
} elseif ($path === '/slow' && $method === 'GET') {
    // Reads the session, works, writes it (the session file stays locked meanwhile).
    $user = logged_in();
    usleep(min((int)($_GET['ms'] ?? 500), 5000) * 1000);
    $_SESSION['last_slow'] = time();
    echo $user === null ? "slow page\n" : "slow page of " . htmlspecialchars($user) . "\n";
} else {
    http_response_code(404);
    echo "not found\n";
}
