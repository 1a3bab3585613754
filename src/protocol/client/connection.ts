import { clientCodec, connectTcp, trimMtprotoPadding, type TcpConnection, type TransportError, type TransportKind } from '../transport/index.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  transport: TransportKind;
  obfuscated: boolean;
  dcId: number;
  random: (n: number) => Uint8Array;
  connectTimeout?: number;
  onPayload(payload: Uint8Array): void;
  onClose(error?: TransportError): void;
}

/** One TCP connection to one DC, framed by the chosen transport: payloads in, payloads out. */
export async function openConnection(options: ConnectionOptions): Promise<TcpConnection> {
  const codec = clientCodec({
    transport: options.transport,
    obfuscated: options.obfuscated ? { dcId: options.dcId } : false,
    random: options.random,
  });
  const padded = options.transport === 'padded';
  return connectTcp({
    host: options.host,
    port: options.port,
    codec,
    connectTimeout: options.connectTimeout,
    onFrame: (frame) => {
      if (frame.kind === 'payload') options.onPayload(padded ? trimMtprotoPadding(frame.payload) : frame.payload);
    },
    onClose: options.onClose,
  });
}
