import { env } from "@/env";

/**
 * In-memory token buckets, one per key: a bucket holds up to `burst` tokens, refills at
 * `perSecond`, and each request takes one. Per process (each app instance limits on its own;
 * the per-email sign-in limit lives in the database and holds across instances).
 */
export interface RateLimitOptions {
  /** Most requests at once (the bucket's size). */
  burst: number;
  /** Sustained requests per second (the refill rate). */
  perSecond: number;
  /** Buckets kept before full ones are swept (they equal a fresh bucket). */
  maxKeys?: number;
  now?: () => number;
}

export type Take = { ok: true } | { ok: false; retryAfterS: number };

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly now: () => number;

  constructor(private readonly options: RateLimitOptions) {
    if (!(options.burst >= 1) || !(options.perSecond > 0)) throw new Error("a rate limit needs burst ≥ 1 and perSecond > 0");
    this.now = options.now ?? (() => Date.now());
  }

  /** The tokens `key` has now (its bucket refilled up to now). */
  private refill(key: string, now: number) {
    const { burst, perSecond } = this.options;
    const b = this.buckets.get(key);
    const tokens = b ? Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond) : burst;
    return { tokens, at: now };
  }

  /** Takes one token for `key`, or says how many whole seconds until one is there. */
  take(key: string): Take {
    const b = this.refill(key, this.now());
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.options.perSecond)) };
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > (this.options.maxKeys ?? 100_000)) this.sweep(b.at);
    return { ok: true };
  }

  /** Whether `key` has a token, without taking it. */
  peek(key: string): Take {
    const b = this.refill(key, this.now());
    return b.tokens >= 1 ? { ok: true } : { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.options.perSecond)) };
  }

  private sweep(now: number) {
    for (const key of [...this.buckets.keys()]) if (this.refill(key, now).tokens >= this.options.burst) this.buckets.delete(key);
  }
}

/** The process's limits, from the environment (env.ts documents them). */
export interface ProcessRateLimits {
  /** Requests by API token id. */
  tokenUse: RateLimiter;
  /** Failed sign-ins by client IP. */
  signInFailures: RateLimiter;
}

const globalForLimits = globalThis as unknown as { foldlineRateLimits?: ProcessRateLimits };

export function rateLimits(): ProcessRateLimits {
  return (globalForLimits.foldlineRateLimits ??= {
    tokenUse: new RateLimiter({ burst: env.RATE_LIMIT_TOKEN_BURST, perSecond: env.RATE_LIMIT_TOKEN_PER_S }),
    signInFailures: new RateLimiter({ burst: env.RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN, perSecond: env.RATE_LIMIT_SIGN_IN_FAILURES_PER_MIN / 60 }),
  });
}
