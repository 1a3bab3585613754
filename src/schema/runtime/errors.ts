/** Bytes that are not a valid TL encoding. `offset` is where reading failed. */
export class TlDecodeError extends Error {
  override readonly name = 'TlDecodeError';
  constructor(
    message: string,
    readonly offset: number,
    readonly constructorId?: number,
  ) {
    super(`${message} (at offset ${offset}${constructorId === undefined ? '' : `, constructor 0x${hex(constructorId)}`})`);
  }
}

/** A value that cannot be encoded as the schema says. `path` points at the field. */
export class TlEncodeError extends Error {
  override readonly name = 'TlEncodeError';
  constructor(
    readonly reason: string,
    readonly path = '',
  ) {
    super(path ? `${path}: ${reason}` : reason);
  }
}

export function hex(id: number): string {
  return (id >>> 0).toString(16).padStart(8, '0');
}
