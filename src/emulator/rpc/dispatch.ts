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

const OPEN_NAMESPACES = new Set(['help', 'auth', 'langpack']);

/** Answers one call, or throws RpcFailure. */
export function dispatch(ctx: CallContext, request: TlObject): TlObject {
  let call = request as { _: string; query?: unknown; layer?: number };
  while (WRAPPERS.has(call._)) {
    if (call._ === 'invokeWithLayer') ctx.layer = call.layer;
    call = call.query as typeof call;
  }
  const handler = HANDLERS[call._];
  // Nobody is logged in on the emulator yet: like Telegram, everything beyond help/auth/langpack needs an authorization.
  if (!handler && !OPEN_NAMESPACES.has(call._.split('.')[0])) throw new RpcFailure(401, 'AUTH_KEY_UNREGISTERED');
  if (!handler) throw new RpcFailure(400, 'METHOD_NOT_IMPLEMENTED');
  return handler(ctx, call as never);
}
