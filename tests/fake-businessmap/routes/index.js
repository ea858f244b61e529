// The whole route table of the fake, one module per resource family.

import { routes as workspaces } from './workspaces.js';
import { routes as boards } from './boards.js';
import { routes as columnsLanes } from './columns-lanes.js';
import { routes as workflows } from './workflows.js';
import { routes as cards } from './cards.js';
import { routes as cardItems } from './card-items.js';
import { routes as cardLinks } from './card-links.js';
import { routes as cardExtras } from './card-extras.js';
import { routes as fields } from './fields.js';
import { routes as users } from './users.js';
import { routes as docs } from './docs.js';
import { routes as loggedTime } from './logged-time.js';
import { routes as apiLimits } from './api-limits.js';

export const ROUTES = [
  ...workspaces, ...boards, ...columnsLanes, ...workflows, ...cards, ...cardItems,
  ...cardLinks, ...cardExtras, ...fields, ...users, ...docs, ...loggedTime, ...apiLimits,
];
