import { Size } from '../core/size';

/**
 * A Docker log driver. `none` is deliberately absent: a container whose logs
 * are thrown away cannot be investigated.
 */
export enum LogDriver {
  /** Docker's `local` driver: compressed, rotated files. */
  LOCAL = 'local',
  /** Docker's `json-file` driver. */
  JSON_FILE = 'json-file',
  /** The systemd journal. */
  JOURNALD = 'journald',
  /** A syslog server. */
  SYSLOG = 'syslog',
  /** A Fluentd collector. */
  FLUENTD = 'fluentd',
  /** A GELF endpoint (Graylog, Logstash). */
  GELF = 'gelf',
}

/**
 * How the container's output is logged.
 */
export interface ContainerLogging {
  /**
   * The log driver.
   * @default LogDriver.LOCAL
   */
  readonly driver?: LogDriver;
  /**
   * Rotate a log file when it reaches this size (local and json-file only).
   * @default Size.mebibytes(10) for local and json-file
   */
  readonly maxSize?: Size;
  /**
   * How many rotated files to keep (local and json-file only).
   * @default 3 for local and json-file
   */
  readonly maxFiles?: number;
  /**
   * Further driver options, passed as strings (e.g. `syslog-address`).
   * `max-size` and `max-file` must be given through `maxSize` and `maxFiles`.
   * @default - none
   */
  readonly options?: { [key: string]: string };
}
