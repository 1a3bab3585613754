/** Keyboard builders produce exactly the TL reply markups Telegram takes; bad buttons fail as they are added. */
import { expect } from 'chai';
import { encode, decode } from '../../../src/schema/index.js';
import { callbackData, CallbackDataTooLongError } from '../../../src/framework/callback-data.js';
import { forceReply, InlineKeyboard, KeyboardError, removeKeyboard, ReplyKeyboard, toReplyMarkup } from '../../../src/framework/keyboards/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('InlineKeyboard', () => {
  it('builds rows of every inline button kind', () => {
    const vote = callbackData('vote', { choice: ['yes', 'no'] });
    const markup = new InlineKeyboard()
      .callback('Yes', vote.build({ choice: 'yes' }))
      .callback('Raw', 'raw-data')
      .row()
      .url('Docs', 'https://example.com/docs')
      .switchInline('Share', 'q', ['users', 'groups'])
      .switchInlineCurrent('Here')
      .row()
      .login('Log in', 'https://example.com/login', { forwardText: 'Log in to Example', requestWriteAccess: true })
      .webApp('App', 'https://example.com/app')
      .copyText('Copy', 'promo-42')
      .row()
      .row()
      .pay('Pay')
      .build();
    expect(markup).to.deep.equal({
      _: 'replyInlineMarkup',
      rows: [
        {
          _: 'keyboardButtonRow',
          buttons: [
            { _: 'keyboardButtonCallback', text: 'Yes', data: bytes('vote:0') },
            { _: 'keyboardButtonCallback', text: 'Raw', data: bytes('raw-data') },
          ],
        },
        {
          _: 'keyboardButtonRow',
          buttons: [
            { _: 'keyboardButtonUrl', text: 'Docs', url: 'https://example.com/docs' },
            { _: 'keyboardButtonSwitchInline', text: 'Share', query: 'q', peerTypes: [{ _: 'inlineQueryPeerTypePM' }, { _: 'inlineQueryPeerTypeChat' }] },
            { _: 'keyboardButtonSwitchInline', samePeer: true, text: 'Here', query: '' },
          ],
        },
        {
          _: 'keyboardButtonRow',
          buttons: [
            { _: 'inputKeyboardButtonUrlAuth', text: 'Log in', url: 'https://example.com/login', bot: { _: 'inputUserSelf' }, requestWriteAccess: true, fwdText: 'Log in to Example' },
            { _: 'keyboardButtonWebView', text: 'App', url: 'https://example.com/app' },
            { _: 'keyboardButtonCopy', text: 'Copy', copyText: 'promo-42' },
          ],
        },
        { _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButtonBuy', text: 'Pay' }] },
      ],
    });
  });

  it('encodes through the TL codec and decodes back', () => {
    const markup = new InlineKeyboard().callback('A', new Uint8Array([0, 255, 1])).url('B', 'tg://resolve?domain=x').build();
    const back = decode(encode(markup)) as typeof markup;
    expect(back.rows[0].buttons.map((b) => b._)).to.deep.equal(['keyboardButtonCallback', 'keyboardButtonUrl']);
    expect(Uint8Array.from((back.rows[0].buttons[0] as { data: Uint8Array }).data)).to.deep.equal(new Uint8Array([0, 255, 1]));
  });

  it('refuses callback data over 64 bytes when the button is added, naming the size', () => {
    new InlineKeyboard().callback('ok', 'x'.repeat(64));
    expect(() => new InlineKeyboard().callback('long', 'x'.repeat(65))).to.throw(CallbackDataTooLongError, /65 bytes/);
    // 22 three-byte characters: 66 bytes though only 22 characters.
    const err = (() => {
      try {
        new InlineKeyboard().callback('long', '€'.repeat(22));
      } catch (e) {
        return e as CallbackDataTooLongError;
      }
    })();
    expect(err).to.be.instanceOf(CallbackDataTooLongError);
    expect(err?.size).to.equal(66);
    expect(err?.code).to.equal('BUTTON_DATA_INVALID');
  });

  it('refuses empty button texts and URLs that are not URLs', () => {
    expect(() => new InlineKeyboard().callback(' ', 'x')).to.throw(KeyboardError, /BUTTON_TEXT_INVALID/);
    expect(() => new InlineKeyboard().url('Docs', 'example com')).to.throw(KeyboardError, /BUTTON_URL_INVALID/);
  });

  it('copies the data it is given, so a later change to the caller\'s bytes changes nothing', () => {
    const data = bytes('abc');
    const kb = new InlineKeyboard().callback('A', data);
    data[0] = 0x7a;
    expect((kb.build().rows[0].buttons[0] as { data: Uint8Array }).data).to.deep.equal(bytes('abc'));
  });
});

describe('ReplyKeyboard and the other markups', () => {
  it('builds a reply keyboard with its options', () => {
    const markup = new ReplyKeyboard()
      .text('Yes')
      .text('No')
      .row()
      .requestContact('Phone')
      .requestLocation('Where')
      .requestPoll('Quiz', true)
      .requestPoll('Any')
      .resize()
      .oneTime()
      .selective()
      .persistent()
      .placeholder('Choose…')
      .build();
    expect(markup).to.deep.equal({
      _: 'replyKeyboardMarkup',
      resize: true,
      singleUse: true,
      selective: true,
      persistent: true,
      placeholder: 'Choose…',
      rows: [
        { _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButton', text: 'Yes' }, { _: 'keyboardButton', text: 'No' }] },
        {
          _: 'keyboardButtonRow',
          buttons: [
            { _: 'keyboardButtonRequestPhone', text: 'Phone' },
            { _: 'keyboardButtonRequestGeoLocation', text: 'Where' },
            { _: 'keyboardButtonRequestPoll', text: 'Quiz', quiz: true },
            { _: 'keyboardButtonRequestPoll', text: 'Any' },
          ],
        },
      ],
    });
    expect(new ReplyKeyboard().text('a').resize().resize(false).build()).to.deep.equal({
      _: 'replyKeyboardMarkup',
      rows: [{ _: 'keyboardButtonRow', buttons: [{ _: 'keyboardButton', text: 'a' }] }],
    });
  });

  it('removes the keyboard and forces a reply', () => {
    expect(removeKeyboard()).to.deep.equal({ _: 'replyKeyboardHide' });
    expect(removeKeyboard({ selective: true })).to.deep.equal({ _: 'replyKeyboardHide', selective: true });
    expect(forceReply()).to.deep.equal({ _: 'replyKeyboardForceReply' });
    expect(forceReply({ selective: true, singleUse: true, placeholder: 'Your name' })).to.deep.equal({
      _: 'replyKeyboardForceReply',
      singleUse: true,
      selective: true,
      placeholder: 'Your name',
    });
    for (const m of [removeKeyboard(), forceReply({ placeholder: 'x' })]) expect(decode(encode(m))).to.deep.include({ _: m._ });
  });

  it('takes a builder or a TL markup wherever a reply markup is expected', () => {
    const kb = new ReplyKeyboard().text('a');
    expect(toReplyMarkup(kb)).to.deep.equal(kb.build());
    expect(toReplyMarkup(removeKeyboard())).to.deep.equal({ _: 'replyKeyboardHide' });
  });
});
