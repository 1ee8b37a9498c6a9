/** Days an admin enters with a date input, as the instants the API takes. */

function twoDigits(value: number): string {
  return String(value).padStart(2, '0');
}

/** Today in the admin's own calendar, as a date input's value (the `max` of past days). */
export function todayInputValue(now = new Date()): string {
  return `${now.getFullYear()}-${twoDigits(now.getMonth() + 1)}-${twoDigits(now.getDate())}`;
}

/**
 * The instant of a day entered without a time: noon UTC. The API counts
 * deadlines and review dates in UTC days, and noon UTC falls on the same
 * calendar day from UTC-11 to UTC+11, so the day counted and the day shown are
 * the day entered.
 */
export function instantOfDay(day: string): string {
  return `${day}T12:00:00.000Z`;
}

/** A day in the past or today, as instantOfDay; today's noon, while still ahead, is now. */
export function pastInstantOfDay(day: string, now = new Date()): string {
  const noon = instantOfDay(day);
  return new Date(noon) > now ? now.toISOString() : noon;
}

/** A day and a time of day entered together, read on the admin's own clock. */
export function instantOfDayAndTime(day: string, time: string): string {
  return new Date(`${day}T${time}`).toISOString();
}
