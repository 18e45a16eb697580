/**
 * The JS side's calendar defaults, in one place: today by the system clock (UTC) and the day before a
 * date, which is the default "yesterday" of learn() and the demo history. Dates are YYYY-MM-DD, UTC.
 * The native CLI's own default lives in core/src/cli/store_commands.cpp (day_flag).
 */

const DAY_MS = 86_400_000;

/** Today's UTC date, YYYY-MM-DD. */
export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The day before `date` (YYYY-MM-DD, UTC): the default day to learn when today is `date`. */
export function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
}
