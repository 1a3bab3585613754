/**
 * Telegram's public servers: the data centres' IPv4 addresses and the RSA
 * keys they present, as Telegram publishes them (core.telegram.org/mtproto,
 * and the clients that connect to them). Spread into the options of a
 * Client or a LayerBot to reach real Telegram:
 *
 * ```ts
 * const client = new Client({ ...telegramServers, apiId, apiHash, session: 'my.session' });
 * ```
 *
 * A client starts on DC 2 (as the official apps do) and follows
 * PHONE_MIGRATE / USER_MIGRATE to the account's home DC.
 */
import type { ClientOptions } from './client/options.js';

type Servers = Pick<ClientOptions, 'dcs' | 'rsaKeys' | 'dcId'>;

const PRODUCTION_KEY = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----`;

const TEST_KEY = `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEAyMEdY1aR+sCR3ZSJrtztKTKqigvO/vBfqACJLZtS7QMgCGXJ6XIR
yy7mx66W0/sOFa7/1mAZtEoIokDP3ShoqF4fVNb6XeqgQfaUHd8wJpDWHcR2OFwv
plUUI1PLTktZ9uW2WE23b+ixNwJjJGwBDJPQEQFBE+vfmH0JP503wr5INS1poWg/
j25sIWeYPHYeOrFp/eXaqhISP6G+q2IeTaWTXpwZj4LzXq5YOpk4bYEQ6mvRq7D1
aHWfYmlEGepfaYR8Q0YqvvhYtMte3ITnuSJs171+GDqpdKcSwHnd6FudwGO4pcCO
j4WcDuXc2CTHgH8gFTNhp/Y8/SpDOhvn9QIDAQAB
-----END RSA PUBLIC KEY-----`;

/** Production: DCs 1 to 5 on port 443. */
export const telegramServers: Servers = {
  dcs: [
    { id: 1, host: '149.154.175.53', port: 443 },
    { id: 2, host: '149.154.167.51', port: 443 },
    { id: 3, host: '149.154.175.100', port: 443 },
    { id: 4, host: '149.154.167.91', port: 443 },
    { id: 5, host: '91.108.56.130', port: 443 },
  ],
  rsaKeys: [{ pem: PRODUCTION_KEY, fingerprint: -3414540481677951611n }],
  dcId: 2,
};

/** Telegram's test DCs 1 to 3 (test accounts, phone numbers 99966XYYYY), port 443. */
export const telegramTestServers: Servers = {
  dcs: [
    { id: 1, host: '149.154.175.10', port: 443 },
    { id: 2, host: '149.154.167.40', port: 443 },
    { id: 3, host: '149.154.175.117', port: 443 },
  ],
  rsaKeys: [{ pem: TEST_KEY, fingerprint: -5595554452916591101n }],
  dcId: 2,
};
