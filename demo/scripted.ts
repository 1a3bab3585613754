/**
 * No credentials: the demo bot on the embedded emulator, and a user (Alice,
 * a real layer Client logged in with a code) playing a short conversation
 * with it, printed as it happens.
 */
import { createHash } from 'node:crypto';
import type { tl } from '../src/schema/index.js';
import { testBot } from '../src/framework/testing/index.js';
import { describeMessage } from '../src/framework/testing/index.js';
import { DemoHandler, VoteTally } from './demo.handler.js';
import { PROGRESS, quarterlyBars } from './progress.js';

export async function runScripted(print: (line: string) => void = console.log): Promise<void> {
  const began = Date.now();
  const t = await testBot({
    handlers: [DemoHandler],
    providers: [VoteTally, { provide: PROGRESS, useValue: quarterlyBars((line) => print(`      uploading ${line}`)) }],
    username: 'layer_demo_bot',
  });
  try {
    const bot = `@${t.username}`;
    const dc = t.emulator.dcs.map((d) => `${d.id} on ${d.host}:${d.port}`).join(', ');
    print(`The emulator is up (DCs ${dc}); ${bot} is logged in with its token.`);
    const alice = await t.user({ firstName: 'Alice' });
    print('Alice has logged in with the code the emulator sent her.\n');
    const said = (m: tl.Message) => print(`  ${bot}: ${describeMessage(m)}`);

    print('  Alice: /start');
    await alice.send('/start');
    said(await alice.expectReply());

    print('  Alice: /vote');
    await alice.send('/vote');
    said(await alice.expectReply({ text: 'Tea or coffee?' }));

    print('  Alice presses [Coffee]');
    const answer = await alice.press('Coffee');
    print(`  ${bot} answers the button: "${answer.message}"`);
    const edited = await alice.expectEdit({ text: /Votes:/ });
    print(`  ${bot} edits its message: ${describeMessage(edited)}`);

    print(`  Alice types "${bot} cats"`);
    const results = await alice.inline('cats');
    print(`  ${bot} offers: ${results.results.map((r) => (r._ === 'botInlineResult' ? `"${r.title}"` : r.id)).join(', ')}`);
    const chosen = await alice.chooseInline(results, 'shout');
    print(`  Alice sends the first: "${chosen.message}" (via ${bot})`);

    print('  Alice: /file');
    await alice.send('/file');
    const file = await alice.expectReply();
    said(file);
    const bytes = await alice.client.downloadFile(file);
    print(`  Alice downloads it: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}…`);

    print(`\nDone in ${((Date.now() - began) / 1000).toFixed(1)} s. Set API_ID, API_HASH and BOT_TOKEN (in the environment or .env) to run this bot on Telegram.`);
  } finally {
    await t.stop();
  }
}
