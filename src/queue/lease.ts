// Politeness across the fleet: at most N scans of one registrable domain at once. BullMQ's group
// limits are a paid feature, so: a sorted set of leases per domain (member = holder, score = expiry),
// taken and given back by Lua scripts. A worker that dies keeps its lease only until it expires.
import { getDomain } from 'tldts';
import type { Redis } from 'ioredis';
import { keys } from './keys.js';

const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZSCORE', KEYS[1], ARGV[3]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
  return 1
end
local held = redis.call('ZCARD', KEYS[1])
if held >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]) * 2)
local peak = tonumber(redis.call('HGET', KEYS[2], ARGV[5]) or '0')
if held + 1 > peak then redis.call('HSET', KEYS[2], ARGV[5], held + 1) end
return 1`;

/** The registrable domain (eTLD+1) of a URL; its host when there is none (IP addresses, localhost). */
export function registrableDomain(url: string): string {
  const host = new URL(url).hostname;
  return getDomain(host) ?? host;
}

export class DomainLeases {
  constructor(private redis: Redis) {}

  /** Takes a lease for `holder` unless `limit` are held; `ttlMs` bounds it should the holder die. */
  async acquire(domain: string, holder: string, limit: number, ttlMs: number): Promise<boolean> {
    const ok = await this.redis.eval(ACQUIRE, 2, keys.lease(domain), keys.leasePeak, Date.now(), limit, holder, ttlMs, domain);
    return ok === 1;
  }

  async release(domain: string, holder: string): Promise<void> {
    await this.redis.zrem(keys.lease(domain), holder);
  }

  async held(domain: string): Promise<number> {
    await this.redis.zremrangebyscore(keys.lease(domain), '-inf', Date.now());
    return this.redis.zcard(keys.lease(domain));
  }

  async peaks(): Promise<Record<string, number>> {
    const h = await this.redis.hgetall(keys.leasePeak);
    return Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Number(v)]));
  }
}
