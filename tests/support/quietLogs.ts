/** Jest setup: servers started without a logger of their own log errors only (ENLACE_LOG_LEVEL): the warnings of tests that stop a secretariat or a member on purpose would bury the results. */
process.env.ENLACE_LOG_LEVEL ??= 'error';
