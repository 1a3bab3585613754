import { telegramServers, telegramTestServers } from '../../src/protocol/telegram-servers.js';

// Telegram's current keys, as published (core.telegram.org and ../shared/telegram-servers.json), from the copy the library ships.
export const TELEGRAM_KEYS: { role: string; fingerprint: bigint; pem: string }[] = [
  { role: 'test DCs (current)', fingerprint: telegramTestServers.rsaKeys[0]!.fingerprint!, pem: telegramTestServers.rsaKeys[0]!.pem },
  { role: 'production (current)', fingerprint: telegramServers.rsaKeys[0]!.fingerprint!, pem: telegramServers.rsaKeys[0]!.pem },
];

/** The production key: the one Telegram's worked example picks (fingerprint 85FD64DE851D9DD0). */
export const PRODUCTION_KEY = TELEGRAM_KEYS.find((k) => k.role.startsWith('production'))!.pem;
