import type { ClientOptions } from 'layer';

/**
 * Where Telegram's production servers are, and the RSA key they present
 * (public facts, published by Telegram and every MTProto client). Tests use
 * the emulator's `clientOptions()` instead.
 */
export const telegram: Pick<ClientOptions, 'dcs' | 'rsaKeys' | 'dcId' | 'obfuscated'> = {
  dcs: [
    { id: 1, host: '149.154.175.53', port: 443 },
    { id: 2, host: '149.154.167.51', port: 443 },
    { id: 3, host: '149.154.175.100', port: 443 },
    { id: 4, host: '149.154.167.91', port: 443 },
    { id: 5, host: '91.108.56.130', port: 443 },
  ],
  rsaKeys: [
    {
      pem: `-----BEGIN RSA PUBLIC KEY-----
MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g
5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO
62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/
+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9
t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs
5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB
-----END RSA PUBLIC KEY-----`,
    },
  ],
  dcId: 2,
  obfuscated: true,
};
