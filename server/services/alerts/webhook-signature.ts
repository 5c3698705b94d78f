import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** The header a delivery's signature travels in: `t=<unix seconds>,v1=<hex>`. */
export const SIGNATURE_HEADER = "foldline-signature";

/** A new signing secret (shown to the admin once; receivers keep it). */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/**
 * HMAC-SHA256 of `<t>.<body>` under the secret, hex. Signing the timestamp with the body lets a
 * receiver refuse replays of an old delivery (compare `t` with its clock).
 */
export const webhookSignature = (secret: string, t: number, body: string) => createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");

export const signatureHeader = (secret: string, t: number, body: string) => `t=${t},v1=${webhookSignature(secret, t, body)}`;

/** What a receiver runs: true when `header` signs `body` under `secret` within `toleranceS` of `nowS`. */
export function verifyWebhookSignature(secret: string, header: string, body: string, nowS = Math.floor(Date.now() / 1000), toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowS - t) > toleranceS) return false;
  const want = Buffer.from(webhookSignature(secret, t, body), "hex");
  const got = Buffer.from(parts.v1, "hex");
  return got.length === want.length && timingSafeEqual(got, want);
}
