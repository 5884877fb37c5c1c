/** Where library code reports progress; the CLI decides what reaches the terminal. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export const silentLog: Log = { info() {}, warn() {}, debug() {} };
