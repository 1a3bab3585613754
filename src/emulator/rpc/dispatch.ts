import type { TlObject } from '../../schema/index.js';
import { RpcFailure, type CallContext } from './context.js';
import { getConfig, getNearestDc } from './help.js';

type Handler = (ctx: CallContext, request: never) => TlObject;

/** The methods the emulator implements, one file per family. */
const HANDLERS: Record<string, Handler> = {
  'help.getConfig': getConfig,
  'help.getNearestDc': getNearestDc,
};

/** The generic wrappers a client puts around its calls; the emulator answers the inner query. */
const WRAPPERS = new Set(['invokeWithLayer', 'initConnection', 'invokeWithoutUpdates', 'invokeAfterMsg', 'invokeAfterMsgs', 'invokeWithMessagesRange', 'invokeWithTakeout']);

/** Answers one call, or throws RpcFailure. */
export function dispatch(ctx: CallContext, request: TlObject): TlObject {
  let call = request as { _: string; query?: unknown; layer?: number };
  while (WRAPPERS.has(call._)) {
    if (call._ === 'invokeWithLayer') ctx.layer = call.layer;
    call = call.query as typeof call;
  }
  const handler = HANDLERS[call._];
  if (!handler) throw new RpcFailure(400, 'METHOD_NOT_IMPLEMENTED');
  return handler(ctx, call as never);
}
