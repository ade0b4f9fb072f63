/** Path segments that are secrets: an invitation link's token, in the API and in the console's address. */
const SECRET_SEGMENTS = [/^(\/api\/invitations\/)[^/?#]+/, /^(\/invite\/)[^/?#]+/];

/**
 * The path as logs may keep it: an invitation's token is replaced, so that neither the request
 * log nor the security log holds a link that still works.
 */
export function loggablePath(path: string): string {
  for (const pattern of SECRET_SEGMENTS) {
    if (pattern.test(path)) return path.replace(pattern, '$1[token]');
  }
  return path;
}
