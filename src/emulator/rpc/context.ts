import type { DcAddress } from '../options.js';

/** What an RPC handler may know about the call it answers. */
export interface CallContext {
  dcId: number;
  dcs: readonly DcAddress[];
  now: () => number;
  authKeyId: bigint;
  /** The client's initConnection, once it has sent one. */
  layer?: number;
}

/** An error answer: becomes rpc_error on the wire. */
export class RpcFailure extends Error {
  constructor(
    readonly code: number,
    readonly errorMessage: string,
  ) {
    super(`${code} ${errorMessage}`);
  }
}
