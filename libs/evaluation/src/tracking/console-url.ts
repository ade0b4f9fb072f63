/**
 * Where people open the console (PUBLIC_URL, without a trailing slash): the base of the absolute
 * links an export carries, which are read outside the console.
 */
export const CONSOLE_URL = Symbol('CONSOLE_URL');

/** PUBLIC_URL, or the API's own address on this machine when none is set. */
export function consoleUrl(http: { port: number; publicUrl: string | null }): string {
  return (http.publicUrl ?? `http://localhost:${http.port}`).replace(/\/+$/, '');
}
