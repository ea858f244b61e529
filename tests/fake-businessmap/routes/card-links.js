// Parents, children, predecessors and linked cards (reference §7.9). In
// these paths `{card_id}` is the child or successor; the last segment names
// its parent or predecessor.

import { badRequest, missing, noContent, ok } from '../envelope.js';
import { childrenOf, graph, linksOf, parentsOf, removeLink, upsertLink } from '../links.js';
import { optInt, optString } from '../validate.js';
import { single } from '../query.js';
import { findCard } from './cards.js';

function both(store, params, otherKey) {
  findCard(store, params.card_id);
  findCard(store, params[otherKey]);
}

function parents({ store, params }) {
  findCard(store, params.card_id);
  return ok(parentsOf(store, params.card_id));
}

function parent({ store, params }) {
  findCard(store, params.card_id);
  const hit = parentsOf(store, params.card_id).find((p) => p.card_id === params.parent_card_id);
  if (!hit) throw missing(`Card ${params.parent_card_id} is not a parent of ${params.card_id}`);
  return ok({ position: hit.position });
}

function positions(body) {
  optString(body, 'exceeding_reason', { nullable: true });
  return {
    linked_card_position: optInt(body, 'linked_card_position', { min: 0 }),
    card_position: optInt(body, 'card_position', { min: 0 }),
  };
}

function addParent({ store, params, body }) {
  both(store, params, 'parent_card_id');
  const { position } = upsertLink(store, params.card_id, params.parent_card_id, 'parent',
    positions(body));
  return ok({ position });
}

function removeParent({ store, params, query }) {
  both(store, params, 'parent_card_id');
  single(query, 'exceeding_reason');
  if (!removeLink(store, params.card_id, params.parent_card_id, 'parent')) {
    throw missing(`Card ${params.parent_card_id} is not a parent of ${params.card_id}`);
  }
  return noContent();
}

function addPredecessor({ store, params, body }) {
  both(store, params, 'predecessor_card_id');
  const { position } = upsertLink(store, params.card_id, params.predecessor_card_id,
    'predecessor', positions(body));
  return ok({ position });
}

function removePredecessor({ store, params }) {
  both(store, params, 'predecessor_card_id');
  if (!removeLink(store, params.card_id, params.predecessor_card_id, 'predecessor')) {
    throw missing(`Card ${params.predecessor_card_id} is not a predecessor of ${params.card_id}`);
  }
  return noContent();
}

function children({ store, params }) {
  findCard(store, params.card_id);
  return ok(childrenOf(store, params.card_id));
}

function parentGraph({ store, params }) {
  findCard(store, params.card_id);
  return ok(graph(store, params.card_id, true));
}

function childGraph({ store, params }) {
  findCard(store, params.card_id);
  return ok(graph(store, params.card_id, false));
}

function linkedCards({ store, params }) {
  findCard(store, params.card_id);
  return ok(linksOf(store, params.card_id));
}

function noSelfLink(handler, key) {
  return (ctx) => {
    if (ctx.params.card_id === ctx.params[key]) throw badRequest('A card cannot link to itself');
    return handler(ctx);
  };
}

const C = '/cards/{card_id}';
export const routes = [
  ['GET', `${C}/parents`, parents],
  ['GET', `${C}/parents/{parent_card_id}`, parent],
  ['PUT', `${C}/parents/{parent_card_id}`, noSelfLink(addParent, 'parent_card_id')],
  ['DELETE', `${C}/parents/{parent_card_id}`, removeParent],
  ['GET', `${C}/parentGraph`, parentGraph],
  ['GET', `${C}/children`, children],
  ['GET', `${C}/childGraph`, childGraph],
  ['PUT', `${C}/predecessors/{predecessor_card_id}`,
    noSelfLink(addPredecessor, 'predecessor_card_id')],
  ['DELETE', `${C}/predecessors/{predecessor_card_id}`, removePredecessor],
  ['GET', `${C}/linkedCards`, linkedCards],
];
