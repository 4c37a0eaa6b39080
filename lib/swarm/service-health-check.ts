import { IConstruct } from 'constructs';
import { serviceDuration } from './service-options';
import { HealthCheck } from '../container/health-check';
import { Duration } from '../core/duration';
import { invalidProp } from '../core/errors';
import { CARRIABLE_TEXT, escapeTemplate, isCarriableText } from '../core/tokens';

/** A service's `healthcheck` block. @internal */
export interface ServiceHealthcheck {
  readonly test: string[];
  readonly interval: string;
  readonly timeout: string;
  readonly startPeriod: string;
  readonly retries: number;
}

/**
 * A `HealthCheck` as a docker_service healthcheck, validated as HardenedContainer validates it, with durations
 * spelled as provider 3.6.2 reads them back for services.
 *
 * @internal
 */
export function resolveServiceHealthCheck(scope: IConstruct, check: HealthCheck): ServiceHealthcheck {
  if (check.kind === 'CMD') {
    if (check.args.length === 0 || !check.args.every(isCarriableText) || check.args[0].length === 0) {
      throw invalidProp(scope, 'healthCheck', check.args, `HealthCheck.exec needs a non-empty argv, each ${CARRIABLE_TEXT}`);
    }
  } else if (!isCarriableText(check.args[0]) || check.args[0].trim().length === 0) {
    throw invalidProp(scope, 'healthCheck', check.args[0], 'HealthCheck.shell needs a non-empty command line');
  }
  const o = check.options;
  const duration = (prop: string, d: Duration | undefined, dflt: Duration, allowZero: boolean) => {
    const value = d ?? dflt;
    if (!(value instanceof Duration)) throw invalidProp(scope, `healthCheck.${prop}`, value, 'expected a Duration');
    const ms = value.toMilliseconds();
    if (ms < 1000 && !(allowZero && ms === 0)) {
      throw invalidProp(scope, `healthCheck.${prop}`, value.toGoString(), allowZero ? 'expected 0 or at least 1s' : 'expected at least 1s');
    }
    return serviceDuration(value);
  };
  const retries = o.retries ?? 3;
  if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 100) {
    throw invalidProp(scope, 'healthCheck.retries', retries, 'expected an integer from 0 to 100');
  }
  return {
    test: [check.kind, ...check.args.map(escapeTemplate)],
    interval: duration('interval', o.interval, Duration.seconds(30), false),
    timeout: duration('timeout', o.timeout, Duration.seconds(5), false),
    startPeriod: duration('startPeriod', o.startPeriod, Duration.seconds(0), true),
    retries,
  };
}
