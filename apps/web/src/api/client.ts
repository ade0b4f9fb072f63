import createClient from 'openapi-fetch';
import { isCode } from '@jixiao/workflow';
import type { ConsoleCode } from './codes';
import type { paths } from './schema';
import type { ApiErrorBody, LoginAnswer, SessionUser } from './views';

/** The error body every API refusal has (a stable code, a message, the fields at fault): the document's ApiErrorDto. */
export type { ApiErrorBody };

/** A refusal by the API, or a network failure (status 0). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: ConsoleCode,
    message: string,
    readonly fields: Array<{ field: string; problems: string[] }> = [],
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  static from(status: number, body: unknown): ApiProblem {
    const b = (body ?? {}) as Partial<ApiErrorBody>;
    // An answer without a code of the catalogue came from something in front of the API (a proxy).
    const code: ConsoleCode = isCode(b.code) ? b.code : status >= 500 ? 'SERVER.UNAVAILABLE' : 'REQUEST.INVALID';
    return new ApiProblem(status, code, b.message ?? `HTTP ${status}`, b.fields ?? [], b.details ?? {});
  }
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: SessionUser;
}

const STORAGE_KEY = 'jixiao.session';

/** The signed-in session lives in this tab only (sessionStorage): closing the tab signs out. */
export const sessionStore = {
  read(): Session | null {
    try {
      const raw = sessionStorage.getItem(STORAGE_KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  },
  write(session: Session | null): void {
    if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    else sessionStorage.removeItem(STORAGE_KEY);
  },
};

/** The typed client: paths, parameters and bodies come from the generated OpenAPI types. */
export const api = createClient<paths>({ baseUrl: '' });
api.use({
  onRequest({ request }) {
    const session = sessionStore.read();
    if (session && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${session.accessToken}`);
    return request;
  },
});

/** What openapi-fetch answers: the body typed by the route's declared response, or the error body. */
type Answer<T> = { data?: T; error?: unknown; response: Response };

let signedOut: (() => void) | null = null;
/** Called when the session cannot be renewed; the app goes back to the sign-in page. */
export function onSignedOut(listener: () => void): void {
  signedOut = listener;
}

let passwordChangeRequired: (() => void) | null = null;
/** Called when the API asks for the one-time password to be changed first; the app shows the change-password page. */
export function onPasswordChangeRequired(listener: () => void): void {
  passwordChangeRequired = listener;
}

let refreshing: Promise<boolean> | null = null;

/** Swaps the refresh token once for a new pair; concurrent callers share one swap (a second one would end the session). */
function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = sessionStore.read();
    if (!session) return false;
    const { data, response } = await api.POST('/api/auth/refresh', { body: { refreshToken: session.refreshToken } });
    if (!response.ok) return false;
    const renewed: LoginAnswer | undefined = data;
    if (!renewed) return false;
    sessionStore.write({ ...session, accessToken: renewed.accessToken, refreshToken: renewed.refreshToken });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/**
 * Runs one API call and answers its body, typed by the route's response schema (a `T` named by the
 * caller must be what the route declares), or throws an ApiProblem. An expired access token is
 * renewed once and the call repeated; a session that cannot be renewed signs the person out.
 */
export async function call<T>(request: () => Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await request();
    if (answer.response.status === 401 && sessionStore.read() && (await refreshSession())) answer = await request();
  } catch (error) {
    throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (answer.response.ok) return answer.data as T;
  const problem = ApiProblem.from(answer.response.status, answer.error);
  if (problem.status === 401 && sessionStore.read()) {
    sessionStore.write(null);
    signedOut?.();
  }
  const session = sessionStore.read();
  if (problem.code === 'AUTH.PASSWORD_CHANGE_REQUIRED' && session) {
    sessionStore.write({ ...session, user: { ...session.user, mustChangePassword: true } });
    passwordChangeRequired?.();
  }
  throw problem;
}

/** Downloads a file the API answers (the sealed .docx) with the session's token; answers its bytes and name. */
export async function download(path: string): Promise<{ blob: Blob; fileName: string }> {
  const send = () => fetch(path, { headers: { Authorization: `Bearer ${sessionStore.read()?.accessToken ?? ''}` } });
  let response = await send();
  if (response.status === 401 && (await refreshSession())) response = await send();
  if (!response.ok) throw ApiProblem.from(response.status, await response.json().catch(() => ({})));
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const plain = /filename="([^"]+)"/.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : (plain ?? 'report.docx') };
}

/** Sends a file as the request body (a unit list) with the session's token; answers the JSON body as T or throws an ApiProblem. */
export async function upload<T>(path: string, file: Blob, contentType: string): Promise<T> {
  const send = () => fetch(path, { method: 'POST', body: file, headers: { 'Content-Type': contentType, Authorization: `Bearer ${sessionStore.read()?.accessToken ?? ''}` } });
  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && (await refreshSession())) response = await send();
  } catch (error) {
    throw new ApiProblem(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  const body: unknown = await response.json().catch(() => ({}));
  if (!response.ok) throw ApiProblem.from(response.status, body);
  return body as T;
}

/** Hands bytes the API answered to the browser as a download under the given name. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
