/**
 * Entities as a tree of properly nested spans: what a markup writer walks.
 * Telegram allows only nested entities (two that share characters must
 * contain one another); one that crosses its enclosing span's end is cut
 * there and continues as a second span, so any entity list can be written.
 */
import { compareSpans, isStyleEntity, type StyleEntity } from './formatted-text.js';
import type { tl } from '../../../schema/index.js';

export interface Span {
  /** Absent on the root. */
  entity?: StyleEntity;
  start: number;
  end: number;
  children: Span[];
}

interface Piece {
  entity: StyleEntity;
  start: number;
  end: number;
  order: number;
}

/** Pieces in the canonical order (see `sortEntities`), ties kept in the given order. */
const byCanonicalOrder = (a: Piece, b: Piece) =>
  compareSpans({ _: a.entity._, offset: a.start, length: a.end - a.start }, { _: b.entity._, offset: b.start, length: b.end - b.start }) || a.order - b.order;

/** The style entities of `entities` as a span tree over `text` (others and empty ones are left out; out-of-range ones clipped). */
export function nestSpans(text: string, entities: readonly tl.TypeMessageEntity[]): Span {
  const pieces: Piece[] = [];
  entities.forEach((entity, order) => {
    if (!isStyleEntity(entity)) return;
    const start = Math.max(0, entity.offset);
    const end = Math.min(text.length, entity.offset + entity.length);
    if (end > start) pieces.push({ entity, start, end, order });
  });
  pieces.sort(byCanonicalOrder);
  const root: Span = { start: 0, end: text.length, children: [] };
  const stack: Span[] = [root];
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i];
    while (stack.length > 1 && stack[stack.length - 1].end <= p.start) stack.pop();
    const parent = stack[stack.length - 1];
    if (p.end > parent.end) {
      // Crosses its parent's end: the rest becomes a piece of its own, placed where it sorts.
      const rest: Piece = { ...p, start: parent.end };
      let at = i + 1;
      while (at < pieces.length && byCanonicalOrder(pieces[at], rest) <= 0) at++;
      pieces.splice(at, 0, rest);
      p.end = parent.end;
    }
    const span: Span = { entity: p.entity, start: p.start, end: p.end, children: [] };
    parent.children.push(span);
    stack.push(span);
  }
  return root;
}
