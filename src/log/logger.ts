// The structured logger every module uses: pino, JSON lines on stderr.
import { pino } from 'pino';

export type Logger = pino.Logger;

/** A logger for one component; `SETPOINT_LOG_LEVEL` sets the level (default `info`). */
export function createLogger(component: string): Logger {
  return pino(
    {
      name: 'setpoint',
      level: process.env.SETPOINT_LOG_LEVEL ?? 'info',
      base: { component },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    pino.destination(2),
  );
}
