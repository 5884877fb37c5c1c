import type { Browser, BrowserContext, CDPSession } from 'puppeteer-core';
import type { ContextType } from '../artifacts/types.js';
import type { AttachedTarget } from './collectors/collector.js';

interface TargetInfo { targetId: string; type: string; url: string; browserContextId?: string }
interface AttachedEvent { sessionId: string; targetInfo: TargetInfo; waitingForDebugger: boolean }

const CONTEXT_TYPES: Record<string, ContextType> = {
  page: 'page', iframe: 'iframe', worker: 'worker', shared_worker: 'shared-worker', service_worker: 'service-worker',
};

export type OnTarget = (target: AttachedTarget) => Promise<void>;

/**
 * Auto-attaches to every target a session spawns (iframes in other processes, dedicated workers),
 * recursively, holding each one until `onTarget` has set it up, then resuming it. The setup
 * commands and the resume are sent together, not awaited one by one: awaiting them serially
 * deadlocks service workers until the command timeout.
 */
export async function attachTree(target: AttachedTarget, onTarget: OnTarget): Promise<void> {
  await setUp(target, onTarget, false);
}

async function setUp(target: AttachedTarget, onTarget: OnTarget, resume = true): Promise<void> {
  const pending: Promise<unknown>[] = [onTarget(target)];
  if (target.contextType === 'page' || target.contextType === 'iframe' || target.contextType === 'worker') {
    attachChildren(target, onTarget);
    pending.push(target.session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }));
  }
  if (resume) pending.push(target.session.send('Runtime.runIfWaitingForDebugger'));
  await Promise.allSettled(pending);
}

function attachChildren(target: AttachedTarget, onTarget: OnTarget): void {
  target.session.on('Target.attachedToTarget', (e: AttachedEvent) => {
    const contextType = CONTEXT_TYPES[e.targetInfo.type];
    const child = target.session.connection()?.session(e.sessionId);
    if (!child) return;
    if (!contextType) {
      child.send('Runtime.runIfWaitingForDebugger').catch(() => {});
      return;
    }
    void setUp({ session: child, key: e.sessionId, targetId: e.targetInfo.targetId, contextType, url: e.targetInfo.url }, onTarget);
  });
}

/**
 * Service and shared workers are not children of the page: only browser-level auto-attach sees
 * them, and it also sees Chromium's own targets. One hub per browser routes each worker to the
 * crawl that owns its browser context and lets every other target go.
 */
class WorkerHub {
  #routes = new Map<string, OnTarget>();
  #ready: Promise<void>;

  constructor(browser: Browser) {
    this.#ready = (async () => {
      const session: CDPSession = await browser.target().createCDPSession();
      session.on('Target.attachedToTarget', (e: AttachedEvent) => {
        const child = session.connection()?.session(e.sessionId);
        if (!child) return;
        const route = e.targetInfo.browserContextId ? this.#routes.get(e.targetInfo.browserContextId) : undefined;
        const contextType = CONTEXT_TYPES[e.targetInfo.type];
        if (!route || !contextType) {
          child.send('Runtime.runIfWaitingForDebugger').catch(() => {});
          child.detach().catch(() => {});
          return;
        }
        void setUp({ session: child, key: e.sessionId, targetId: e.targetInfo.targetId, contextType, url: e.targetInfo.url }, route);
      });
      await session.send('Target.setAutoAttach', {
        autoAttach: true, waitForDebuggerOnStart: true, flatten: true,
        filter: [{ type: 'service_worker', exclude: false }, { type: 'shared_worker', exclude: false }, { exclude: true }],
      });
    })();
  }

  async route(context: BrowserContext, onTarget: OnTarget): Promise<() => void> {
    await this.#ready;
    const id = context.id;
    if (!id) return () => {};
    this.#routes.set(id, onTarget);
    return () => this.#routes.delete(id);
  }
}

const hubs = new WeakMap<Browser, WorkerHub>();

export function workerHub(browser: Browser): WorkerHub {
  let hub = hubs.get(browser);
  if (!hub) hubs.set(browser, (hub = new WorkerHub(browser)));
  return hub;
}
