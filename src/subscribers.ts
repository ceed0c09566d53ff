// Every domain-event subscriber of the platform, gathered in one place (kernel/events.ts delivers them).
import type { EventSubscriber } from './kernel/events.js';
import { certificateSubscribers } from './modules/certificates/index.js';
import { supervisionSubscribers } from './modules/supervision/index.js';
import { planningSubscribers } from './modules/supervision/index.js';

export const subscribers: readonly EventSubscriber[] = [
  ...certificateSubscribers,
  ...supervisionSubscribers,
  ...planningSubscribers,
];
