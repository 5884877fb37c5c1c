import { Redis } from 'ioredis';
import { UsageError } from '../errors.js';

/**
 * One ioredis connection from a redis:// or rediss:// URL. `maxRetriesPerRequest: null` is what
 * BullMQ workers need (blocking commands wait across reconnects).
 */
export function connectRedis(url: string, opts: { forWorker?: boolean; name?: string } = {}): Redis {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--redis ${url}: expected redis://HOST:PORT[/DB]`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new UsageError(`--redis ${url}: expected redis:// or rediss://`);
  return new Redis(url, {
    maxRetriesPerRequest: opts.forWorker ? null : 3,
    enableReadyCheck: true,
    connectionName: opts.name,
    lazyConnect: false,
  });
}

/** Fails fast with a usage-style message when Redis is not there. */
export async function pingRedis(redis: Redis, url: string, timeoutMs = 5000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      redis.ping(),
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs); }),
    ]);
  } catch (err) {
    redis.disconnect();
    throw new UsageError(`--redis ${url.replace(/\/\/[^@]*@/, '//***@')}: ${(err as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
