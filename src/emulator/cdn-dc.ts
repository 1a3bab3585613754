/**
 * The CDN DC's own RSA key: Telegram's CDN DCs have keys of their own, which
 * clients learn from help.getCdnConfig (they are not built into the apps).
 */
import { newRsaKey, type RsaKey } from './rsa-key.js';

export { CDN_DC_ID } from './world/cdn-files.js';

export type CdnRsaKey = RsaKey;

let processCdnKey: CdnRsaKey | undefined;

/** A 2048-bit key of its own, made once per process, like the main DCs' key. */
export function cdnRsaKey(): CdnRsaKey {
  return (processCdnKey ??= newRsaKey());
}
