// The one way pages talk to the node: JSON over fetch, the session cookie sent by the browser,
// and the session's CSRF token on every request that changes something. An answer that is not
// 2xx throws an ApiError with the server's message and, for form validation, the field it names.
import { session } from './session.js';

export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = error?.code || '';
    this.field = error?.field || '';
  }
}

// Called when the session has ended (401): the app shows the sign-in page.
let onSignedOut = () => {};
export function setSignedOutHandler(fn) {
  onSignedOut = fn;
}

export async function api(method, path, body, { raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (session.value?.csrf_token) headers['X-CSRF-Token'] = session.value.csrf_token;
    if (body !== undefined && !(body instanceof Blob) && typeof body !== 'string') {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(body);
    }
  }
  const response = await fetch(path, { method, headers, body, credentials: 'same-origin' });
  if (raw && response.ok) return response;
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    if (response.status === 401 && path !== '/api/v1/session') onSignedOut();
    throw new ApiError(response.status, data?.error || (data?.title ? { message: data.title } : null));
  }
  return data;
}

export const get = (path) => api('GET', path);

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
