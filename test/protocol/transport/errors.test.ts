import { expect } from 'chai';
import { ServerTransportError, TransportError } from '../../../src/protocol/transport/index.js';

describe('transport: errors', () => {
  it('-404, -429 and -444 are typed, retryable only for the flood, and name the fix', () => {
    const notFound = new ServerTransportError(-404);
    expect(notFound).to.be.instanceOf(TransportError).and.include({ code: -404, reason: 'auth-key-not-found', retryable: false });
    expect(notFound.message).to.match(/^transport error -404: auth key not found.*create a new one/);

    const flood = new ServerTransportError(-429);
    expect(flood).to.include({ code: -429, reason: 'transport-flood', retryable: true });
    expect(flood.message).to.include('backoff');

    const invalidDc = new ServerTransportError(-444);
    expect(invalidDc).to.include({ code: -444, reason: 'invalid-dc', retryable: false });
    expect(invalidDc.message).to.include('check the dcId');
  });

  it('other codes are server errors that still carry the code', () => {
    expect(new ServerTransportError(-500)).to.include({ code: -500, reason: 'server-error', name: 'ServerTransportError' });
    expect(new ServerTransportError(-403).message).to.include('forbidden');
  });

  it('carries got/expected and the cause', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new TransportError('bad-seq', 'x', 3, 2, { cause });
    expect(error).to.include({ name: 'TransportError', got: 3, expected: 2, retryable: true, cause });
  });
});
