// Card-to-card links. Every link is one edge stored once:
//   parent:      from = parent,      to = child
//   predecessor: from = predecessor, to = successor
//   relative:    from, to (symmetric)
// `fromPos` is the position of `from` in `to`'s list of links, `toPos` the
// position of `to` in `from`'s list. Seen from one card an edge has a
// `link_type` of parent, child, predecessor, successor or relative.

import { badRequest } from './envelope.js';
import { removeWhere } from './util.js';

export const LINK_TYPES = ['parent', 'child', 'relative', 'predecessor', 'successor'];

/** Express "`other` is `type` of `card`" as an edge orientation. */
function orient(cardId, otherId, type) {
  switch (type) {
    case 'parent': return { kind: 'parent', from: otherId, to: cardId, otherIsFrom: true };
    case 'child': return { kind: 'parent', from: cardId, to: otherId, otherIsFrom: false };
    case 'predecessor':
      return { kind: 'predecessor', from: otherId, to: cardId, otherIsFrom: true };
    case 'successor':
      return { kind: 'predecessor', from: cardId, to: otherId, otherIsFrom: false };
    case 'relative': return { kind: 'relative', from: cardId, to: otherId, otherIsFrom: false };
    default: throw badRequest(`Unknown link_type '${type}'`, { link_type: LINK_TYPES });
  }
}

function sameEdge(edge, o) {
  if (edge.kind !== o.kind) return false;
  if (edge.from === o.from && edge.to === o.to) return true;
  return o.kind === 'relative' && edge.from === o.to && edge.to === o.from;
}

/** The links of one card, as the API lists them. */
export function linksOf(store, cardId) {
  const out = [];
  for (const e of store.links) {
    if (e.to === cardId) {
      const type = e.kind === 'parent' ? 'parent' : e.kind === 'predecessor' ? 'predecessor'
        : 'relative';
      out.push({ card_id: e.from, position: e.fromPos, link_type: type });
    } else if (e.from === cardId) {
      const type = e.kind === 'parent' ? 'child' : e.kind === 'predecessor' ? 'successor'
        : 'relative';
      out.push({ card_id: e.to, position: e.toPos, link_type: type });
    }
  }
  return out.sort((a, b) => a.position - b.position || a.card_id - b.card_id);
}

export const parentsOf = (store, cardId) => linksOf(store, cardId)
  .filter((l) => l.link_type === 'parent').map(({ card_id, position }) => ({ card_id, position }));

export const childrenOf = (store, cardId) => linksOf(store, cardId)
  .filter((l) => l.link_type === 'child').map(({ card_id, position }) => ({ card_id, position }));

export function findLink(store, cardId, otherId, type) {
  const o = orient(cardId, otherId, type);
  return store.links.find((e) => sameEdge(e, o)) || null;
}

/** Is `ancestorId` reachable upwards (through parents) from `cardId`? */
function isAncestor(store, ancestorId, cardId) {
  const seen = new Set();
  const stack = [cardId];
  while (stack.length) {
    const id = stack.pop();
    for (const p of parentsOf(store, id)) {
      if (p.card_id === ancestorId) return true;
      if (!seen.has(p.card_id)) { seen.add(p.card_id); stack.push(p.card_id); }
    }
  }
  return false;
}

/**
 * Add or update the link "`otherId` is `type` of `cardId`".
 * @param {object} pos {linked_card_position, card_position}, both optional
 * @returns the edge and the position of the other card in `cardId`'s list
 */
export function upsertLink(store, cardId, otherId, type, pos = {}) {
  const o = orient(cardId, otherId, type);
  if (cardId === otherId) throw badRequest('A card cannot be linked to itself');
  if (o.kind === 'parent' && (isAncestor(store, o.to, o.from) || o.from === o.to)) {
    throw badRequest('The link would create a cycle of parents and children');
  }
  let edge = store.links.find((e) => sameEdge(e, o));
  if (!edge) {
    edge = { kind: o.kind, from: o.from, to: o.to,
      fromPos: linksOf(store, o.to).length, toPos: linksOf(store, o.from).length };
    store.links.push(edge);
  }
  const otherPosKey = edge.from === otherId ? 'fromPos' : 'toPos';
  const cardPosKey = otherPosKey === 'fromPos' ? 'toPos' : 'fromPos';
  if (Number.isInteger(pos.linked_card_position)) edge[otherPosKey] = pos.linked_card_position;
  if (Number.isInteger(pos.card_position)) edge[cardPosKey] = pos.card_position;
  return { edge, position: edge[otherPosKey] };
}

/** Remove one link; returns whether it existed. */
export function removeLink(store, cardId, otherId, type) {
  const o = orient(cardId, otherId, type);
  const before = store.links.length;
  removeWhere(store.links, (e) => sameEdge(e, o));
  return store.links.length !== before;
}

export function clearLinks(store, cardId) {
  removeWhere(store.links, (e) => e.from === cardId || e.to === cardId);
}

/** Ancestors (`up`) or descendants as [{parent_id, child_id, depth}]. */
export function graph(store, cardId, up) {
  const out = [];
  const seen = new Set([cardId]);
  let frontier = [cardId];
  for (let depth = 1; frontier.length && depth <= 50; depth++) {
    const next = [];
    for (const id of frontier) {
      const rel = up ? parentsOf(store, id) : childrenOf(store, id);
      for (const r of rel) {
        out.push(up ? { parent_id: r.card_id, child_id: id, depth }
          : { parent_id: id, child_id: r.card_id, depth });
        if (!seen.has(r.card_id)) { seen.add(r.card_id); next.push(r.card_id); }
      }
    }
    frontier = next;
  }
  return out;
}
