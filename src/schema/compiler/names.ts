/** How schema names become TypeScript names. One place, so types, codecs and metadata agree. */

/** `peer_id` -> `peerId`, `new_nonce_hash1` -> `newNonceHash1`. */
export function fieldName(name: string): string {
  return name.replace(/_([a-z0-9])/gi, (_, c: string) => c.toUpperCase());
}

/** `p_q_inner_data_dc` -> `PQInnerDataDc`, `inputPeerUser` -> `InputPeerUser`. */
export function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Splits `messages.sendMessage` into its namespace (or '') and base name. */
export function splitName(name: string): [namespace: string, base: string] {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? ['', name] : [name.slice(0, dot), name.slice(dot + 1)];
}

/** A JavaScript identifier unique to a schema name: `messages.sendMessage` -> `messages_sendMessage`. */
export function ident(name: string): string {
  return name.replace(/\./g, '$');
}

/** The TypeScript path, under `tl.`, of a constructor, request or abstract type. */
export function typePath(name: string, role: 'constructor' | 'function' | 'type'): string {
  const [ns, base] = splitName(name);
  const local = role === 'type' ? 'Type' + pascal(base) : role === 'function' ? pascal(base) + 'Request' : pascal(base);
  return ns ? `${ns}.${local}` : local;
}
