import { EXIT } from './exit.js';

export interface Interrupt {
  signal: AbortSignal;
  /** 130 after SIGINT, 143 after SIGTERM, null when no signal came. */
  exitCode(): number | null;
  dispose(): void;
}

/**
 * SIGINT/SIGTERM stop launching targets and end the running ones early; what finished is still
 * reported and the rest are marked `interrupted`. A second signal exits at once.
 */
export function watchSignals(onSignal?: (name: string) => void): Interrupt {
  const controller = new AbortController();
  let code: number | null = null;
  const handler = (name: 'SIGINT' | 'SIGTERM') => () => {
    if (code !== null) process.exit(code);
    code = name === 'SIGINT' ? EXIT.interruptedInt : EXIT.interruptedTerm;
    onSignal?.(name);
    controller.abort();
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => code,
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
