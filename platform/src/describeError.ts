/**
 * Any thrown or reported value as one readable text for a log line: its message
 * and its code, never "[object Object]". Not every error is an Error: the
 * gateway's executor wraps each subgraph error around the plain JSON object the
 * subgraph answered (`{ message, extensions: { code } }`).
 */
interface ErrorLike {
  message?: unknown;
  code?: unknown;
  extensions?: { code?: unknown; country?: unknown; serviceName?: unknown };
}

/** "message (CODE, country AR)"; with `stack`, an Error's stack in place of its message. */
export function describeError(err: unknown, { stack = false } = {}): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const e = err as ErrorLike;
  const code = e.extensions?.code ?? e.code;
  const details = [
    typeof code === 'string' || typeof code === 'number' ? String(code) : null,
    typeof e.extensions?.serviceName === 'string' ? `from ${e.extensions.serviceName}` : null,
    typeof e.extensions?.country === 'string' ? `country ${e.extensions.country}` : null,
  ].filter(Boolean);
  const text = stack && err instanceof Error && err.stack ? err.stack : typeof e.message === 'string' && e.message ? e.message : json(err);
  return details.length ? `${text} (${details.join(', ')})` : text;
}

function json(value: object): string {
  const kind = `a ${value.constructor?.name ?? 'value'} without a message`;
  try {
    const text = JSON.stringify(value);
    return text && text !== '{}' ? text.slice(0, 500) : kind;
  } catch {
    return kind; // a cycle
  }
}
