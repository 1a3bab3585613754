// A small user file leaning on the generated types: what `tsc` must check for a bot author.
import { encode, decode, decodeResult, type tl } from 'layer/schema';

const send: tl.messages.SendMessageRequest = {
  _: 'messages.sendMessage',
  peer: { _: 'inputPeerUser', userId: 1n, accessHash: 2n },
  message: 'hello',
  randomId: 3n,
  entities: [{ _: 'messageEntityBold', offset: 0, length: 5 }],
};

const updates: tl.TypeUpdates = decodeResult(send, encode({ _: 'updatesTooLong' }));
if (updates._ === 'updates') {
  for (const u of updates.updates) {
    if (u._ === 'updateNewMessage' && u.message._ === 'message') console.log(u.message.message);
  }
}

function title(chat: tl.TypeChat): string {
  switch (chat._) {
    case 'chat':
    case 'channel':
    case 'chatForbidden':
    case 'channelForbidden':
      return chat.title;
    default:
      return String(chat.id);
  }
}

const config = { _: 'invokeWithLayer', layer: 224, query: { _: 'help.getConfig' } } satisfies tl.InvokeWithLayerRequest<tl.help.GetConfigRequest>;
type Config = tl.ResultOf<typeof config>;
const dc = (c: Config) => c.dcOptions.map((o) => `${o.ipAddress}:${o.port}`);
console.log(title, dc, decode(encode(send)));
