import type { TlObject, tl } from '../../schema/index.js';
import { getPassword } from './account.js';
import {
  acceptLoginToken,
  checkPassword,
  exportAuthorization,
  exportLoginToken,
  importAuthorization,
  importBotAuthorization,
  importLoginToken,
  logOut,
  sendCode,
  signIn,
  signUp,
} from './auth.js';
import { loggedIn, RpcFailure, type Answer, type CallContext } from './context.js';
import { getConfig, getNearestDc } from './help.js';
import { getChannelDifference, getDifference, getState } from './updates.js';
import { getUsers } from './users.js';

type Handler = (ctx: CallContext, request: never) => Answer;

/** The methods the emulator implements, one file per family. */
const HANDLERS: Record<string, Handler> = {
  'help.getConfig': getConfig,
  'help.getNearestDc': getNearestDc,
  'auth.importBotAuthorization': importBotAuthorization,
  'auth.sendCode': sendCode,
  'auth.signIn': signIn,
  'auth.signUp': signUp,
  'auth.checkPassword': checkPassword,
  'auth.logOut': logOut,
  'auth.exportAuthorization': exportAuthorization,
  'auth.importAuthorization': importAuthorization,
  'auth.exportLoginToken': exportLoginToken,
  'auth.importLoginToken': importLoginToken,
  'auth.acceptLoginToken': acceptLoginToken,
  'account.getPassword': getPassword,
  'users.getUsers': getUsers,
  'updates.getState': getState,
  'updates.getDifference': getDifference,
  'updates.getChannelDifference': getChannelDifference,
};

/** The generic wrappers a client puts around its calls; the emulator answers the inner query. */
const WRAPPERS = new Set(['invokeWithLayer', 'initConnection', 'invokeWithoutUpdates', 'invokeAfterMsg', 'invokeAfterMsgs', 'invokeWithMessagesRange', 'invokeWithTakeout']);

/** Like Telegram: help, langpack and the login half of auth need no authorization... */
const OPEN_NAMESPACES = new Set(['help', 'auth', 'langpack']);
/** ...nor does the 2FA step of a login (it checks the pending login itself)... */
const OPEN_METHODS = new Set(['account.getPassword']);
/** ...but these act for a logged-in account. */
const LOGIN_METHODS = new Set(['auth.logOut', 'auth.exportAuthorization', 'auth.acceptLoginToken', 'auth.resetAuthorizations', 'auth.dropTempAuthKeys']);

/** Answers one call, or throws RpcFailure. */
export function dispatch(ctx: CallContext, request: TlObject): Answer {
  let call = request as { _: string; query?: unknown; layer?: number };
  while (WRAPPERS.has(call._)) {
    if (call._ === 'invokeWithLayer') ctx.layer = call.layer;
    if (call._ === 'initConnection') {
      const init = call as unknown as tl.InitConnectionRequest;
      ctx.client = { apiId: init.apiId, deviceModel: init.deviceModel, systemVersion: init.systemVersion, appVersion: init.appVersion, langCode: init.langCode };
    }
    call = call.query as typeof call;
  }
  const name = call._;
  const open = OPEN_METHODS.has(name) || (OPEN_NAMESPACES.has(name.split('.')[0]) && !LOGIN_METHODS.has(name));
  // 401 AUTH_KEY_UNREGISTERED, SESSION_REVOKED or SESSION_PASSWORD_NEEDED, as Telegram says why.
  if (!open) loggedIn(ctx);
  const handler = HANDLERS[name];
  if (!handler) throw new RpcFailure(400, 'METHOD_NOT_IMPLEMENTED');
  return handler(ctx, call as never);
}
