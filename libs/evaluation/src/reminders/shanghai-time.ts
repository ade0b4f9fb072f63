/** Asia/Shanghai keeps UTC+8 all year (no daylight saving), so its times convert by a fixed offset. */
const OFFSET_MS = 8 * 3600_000;

/** 'HH:MM' of an instant in Asia/Shanghai. */
export function shanghaiTime(instant: Date): string {
  return new Date(instant.getTime() + OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a Shanghai date and 'HH:MM'. */
export function shanghaiInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`);
}
