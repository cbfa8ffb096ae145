/** Jest setup: servers started without a logger of their own log warnings and errors only (ENLACE_LOG_LEVEL). */
process.env.ENLACE_LOG_LEVEL ??= 'warn';
