import type { ErrorCode } from '../artifacts/types.js';

/** Chromium's net::ERR_* names to the report's error codes. */
export function codeForNetError(message: string): ErrorCode {
  if (/ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|ERR_ADDRESS_UNREACHABLE|ERR_DNS/.test(message)) return 'dns';
  if (/ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_CONNECTION_FAILED/.test(message)) return 'refused';
  if (/ERR_CERT_|ERR_SSL_|ERR_BAD_SSL|ERR_TLS/.test(message)) return 'tls';
  if (/ERR_TOO_MANY_REDIRECTS|ERR_INVALID_RESPONSE|ERR_INVALID_HTTP_RESPONSE|ERR_ABORTED|ERR_HTTP_RESPONSE_CODE_FAILURE|ERR_FILE_NOT_FOUND|ERR_BLOCKED_BY_RESPONSE/.test(message)) return 'http-status';
  if (/TimeoutError|timed? ?out|ERR_TIMED_OUT/i.test(message)) return 'timeout';
  if (/Target closed|Session closed|crash|Protocol error.*closed|ERR_ABORTED.*crash/i.test(message)) return 'crash';
  return 'internal';
}
