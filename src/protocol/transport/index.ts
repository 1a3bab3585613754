/** The MTProto transports: sans-IO codecs, obfuscated2, server-side detection, and a thin TCP driver. */
export { TransportError, ServerTransportError, type TransportErrorReason } from './errors.js';
export {
  DEFAULT_MAX_PAYLOAD,
  type End,
  type Frame,
  type Framing,
  type FramingOptions,
  type RandomBytes,
  type TransportKind,
  type Unpacked,
} from './framing.js';
export {
  TransportCodec,
  clientCodec,
  serverCodec,
  type ClientCodecOptions,
  type CodecOptions,
  type EncodeOptions,
  type ServerCodecOptions,
} from './codec.js';
export { FrameReader } from './frame-reader.js';
export { AbridgedFraming } from './abridged.js';
export { IntermediateFraming } from './intermediate.js';
export { FullFraming } from './full.js';
export { isForbiddenInit, type ObfuscatableTransport, type ObfuscationOptions } from './obfuscated2.js';
export { detectTransport, TransportAcceptor, type DetectedTransport, type DetectOptions } from './detect.js';
export { trimMtprotoPadding } from './mtproto-padding.js';
export { connectTcp, type TcpConnection, type TcpOptions } from './tcp.js';
