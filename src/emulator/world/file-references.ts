/**
 * file_reference bytes, as Telegram hands them out with every Document and
 * Photo: opaque, and good until they expire; then the client re-fetches the
 * object from where it got it (its origin) and gets a fresh one
 * (core.telegram.org/api/file-references).
 *
 * Here a reference is [version, generation (4 bytes), MAC of (file id,
 * generation)]: nothing is kept per reference, `expire()` starts a new
 * generation, and a stored Document renders the current one whenever it is
 * encoded (see `Files.document`), so any re-fetch carries a fresh reference.
 */
import { sha256 } from '../../protocol/crypto/index.js';

const VERSION = 1;
const MAC_LENGTH = 16;
const LENGTH = 1 + 4 + MAC_LENGTH;

export type ReferenceCheck = 'ok' | 'empty' | 'invalid' | 'expired';

export class FileReferences {
  private generation = 0;
  /** getFile answers left before every reference expires (expireAfter). */
  private answersLeft: number | undefined;

  constructor(private readonly secret: Uint8Array) {}

  /** The reference for file `id`, good until the next expiry. */
  current(id: bigint): Uint8Array {
    return this.make(id, this.generation);
  }

  check(id: bigint, reference: Uint8Array): ReferenceCheck {
    if (!(reference instanceof Uint8Array) || reference.length === 0) return 'empty';
    if (reference.length !== LENGTH || reference[0] !== VERSION) return 'invalid';
    const generation = new DataView(reference.buffer, reference.byteOffset + 1, 4).getUint32(0);
    if (generation > this.generation || !sameBytes(this.make(id, generation), reference)) return 'invalid';
    return generation === this.generation ? 'ok' : 'expired';
  }

  /** Every reference handed out so far is now stale. */
  expire(): void {
    this.generation++;
    this.answersLeft = undefined;
  }

  /** Expires every reference once `answers` more getFile calls have been answered. */
  expireAfter(answers: number): void {
    if (!Number.isInteger(answers) || answers < 0) throw new RangeError('expireReferencesAfter: a count of getFile answers (an integer >= 0)');
    if (answers === 0) return this.expire();
    this.answersLeft = answers;
  }

  /** One getFile was answered: counts toward expireAfter. */
  answered(): void {
    if (this.answersLeft !== undefined && --this.answersLeft <= 0) this.expire();
  }

  reset(): void {
    this.answersLeft = undefined;
  }

  private make(id: bigint, generation: number): Uint8Array {
    const head = new Uint8Array(1 + 4 + 8);
    const view = new DataView(head.buffer);
    head[0] = VERSION;
    view.setUint32(1, generation);
    view.setBigInt64(5, id, true);
    const out = new Uint8Array(LENGTH);
    out.set(head.subarray(0, 5));
    out.set(sha256(this.secret, head).subarray(0, MAC_LENGTH), 5);
    return out;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}
