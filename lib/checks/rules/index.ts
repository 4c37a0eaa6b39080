import { CONTAINER_RULES } from './container';
import { DAEMON_RULES } from './daemon';
import { OTHER_RULES } from './other';
import { HardeningRule } from '../rule';

/** Every rule, sorted by id. @internal */
export const ALL_RULES: HardeningRule[] = [...CONTAINER_RULES, ...OTHER_RULES, ...DAEMON_RULES].sort((a, b) => (a.id < b.id ? -1 : 1));
