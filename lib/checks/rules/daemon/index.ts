import { HardeningRule } from '../../rule';

/** @internal */
export const DAEMON_RULES: HardeningRule[] = [];
