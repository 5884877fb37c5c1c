import type { ErrorCode } from './artifacts/types.js';

/** An error with a typed code; the CLI prints its message on one line, never a stack. */
export class SkimscanError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = this.constructor.name;
    this.code = code;
  }
}

/** Bad input from the user: flags, URLs, files, config. Exit code 2. */
export class UsageError extends SkimscanError {
  constructor(message: string) {
    super('usage', message);
  }
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
