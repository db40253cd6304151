/**
 * Who may change the collection: nobody unless ZHANGJIE_ADMIN_TOKEN is set; then whoever presents
 * it — `Authorization: Bearer <token>` (scripts), or the upload form's token field, which is only
 * accepted with the form's CSRF token (a random value in a SameSite=Strict cookie that the page also
 * writes into the form: another site can make a browser post the form, but cannot read the value).
 * Tokens are compared in constant time (SHA-256 of both, then timingSafeEqual: equal lengths).
 */
import crypto from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { ZhangjieError } from "../errors.ts";

export const CSRF_COOKIE = "zj_csrf";
export const CSRF_FIELD = "csrf";
export const TOKEN_FIELD = "token";

export function adminToken(env: NodeJS.ProcessEnv = process.env): string | null {
  const t = env.ZHANGJIE_ADMIN_TOKEN;
  return t && t.length > 0 ? t : null;
}

export function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash("sha256").update(given, "utf8").digest();
  const b = crypto.createHash("sha256").update(expected, "utf8").digest();
  return crypto.timingSafeEqual(a, b);
}

export function bearerOf(headers: IncomingHttpHeaders): string | null {
  const h = headers.authorization;
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h) : null;
  return m ? m[1]! : null;
}

export function cookieOf(headers: IncomingHttpHeaders, name: string): string | null {
  for (const part of (headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

export function newCsrfToken(): string {
  return crypto.randomBytes(24).toString("base64url");
}

export function csrfCookie(token: string): string {
  return `${CSRF_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Throws unless uploads are on and the request carries the token by header. */
export function requireBearer(headers: IncomingHttpHeaders, env: NodeJS.ProcessEnv = process.env): void {
  const expected = adminToken(env);
  if (!expected) throw new ZhangjieError("UPLOADS_OFF");
  const given = bearerOf(headers);
  if (!given || !sameSecret(given, expected)) throw new ZhangjieError("UNAUTHORIZED");
}

/**
 * For a request that may carry the token either way: by header, or as form fields (token field
 * plus a CSRF field equal to the CSRF cookie).
 */
export function requireAdmin(headers: IncomingHttpHeaders, fields: Record<string, string>, env: NodeJS.ProcessEnv = process.env): void {
  const expected = adminToken(env);
  if (!expected) throw new ZhangjieError("UPLOADS_OFF");
  const bearer = bearerOf(headers);
  if (bearer) {
    if (!sameSecret(bearer, expected)) throw new ZhangjieError("UNAUTHORIZED");
    return;
  }
  const token = fields[TOKEN_FIELD];
  if (!token || !sameSecret(token, expected)) throw new ZhangjieError("UNAUTHORIZED");
  const cookie = cookieOf(headers, CSRF_COOKIE);
  const field = fields[CSRF_FIELD];
  if (!cookie || !field || !sameSecret(field, cookie)) throw new ZhangjieError("CSRF");
}
