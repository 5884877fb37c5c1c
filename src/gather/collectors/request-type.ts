import type { RequestType } from '../../artifacts/types.js';

/** CDP's ResourceType plus context, to the report's request `type`. */
export function requestType(cdpType: string | undefined, opts: {
  method: string; isMainFrame: boolean; initiatorType?: string; isNavigation: boolean;
  isLinkPreload?: boolean; headers?: Record<string, string>;
}): RequestType {
  if (opts.isLinkPreload || opts.initiatorType === 'preload') return 'preload';
  const purpose = Object.entries(opts.headers ?? {}).find(([k]) => /^(sec-)?purpose$/i.test(k))?.[1];
  if (purpose && /prefetch/i.test(purpose)) return 'prefetch';
  switch (cdpType) {
    case 'Document':
      if (opts.method !== 'GET' && opts.isNavigation) return 'form';
      return opts.isMainFrame ? 'document' : 'subframe';
    case 'Stylesheet': return 'stylesheet';
    case 'Image': return 'image';
    case 'Media': return 'media';
    case 'Font': return 'font';
    case 'Script': return 'script';
    case 'XHR': return 'xhr';
    case 'Fetch': return 'fetch';
    case 'EventSource': return 'eventsource';
    case 'WebSocket': return 'websocket';
    case 'Prefetch': return 'prefetch';
    case 'Ping': return opts.initiatorType === 'script' || opts.initiatorType === undefined ? 'beacon' : 'ping';
    default: return 'other';
  }
}
