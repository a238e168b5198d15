const two = (n: number) => String(n).padStart(2, '0');

/** DA: YYYYMMDD (UTC). */
export function dicomDate(date: Date): string {
  return `${date.getUTCFullYear()}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/** TM: HHMMSS, with .FFFFFF when the time has milliseconds (UTC). */
export function dicomTime(date: Date): string {
  const base = `${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}`;
  const ms = date.getUTCMilliseconds();
  return ms === 0 ? base : `${base}.${String(ms * 1000).padStart(6, '0')}`;
}

/** DT: YYYYMMDDHHMMSS.FFFFFF+0000 (UTC). */
export function dicomDateTime(date: Date): string {
  const ms = String(date.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${dicomDate(date)}${dicomTime(date).slice(0, 6)}.${ms}+0000`;
}

/** A DA value back to a UTC date (undefined when malformed). */
export function parseDicomDate(text: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dicomDate(date) === text.trim() ? date : undefined;
}
