/**
 * restJson1 as Macie speaks it: routing by method and path template, label decoding, query
 * lists, JSON bodies, and the shape of success and error responses.
 */
import type { ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import type { HttpMethod, Operation } from "./types";
import { CATALOG } from "./catalog";

/** One route: an implemented operation, or a catalog entry that macie-local does not implement. */
export interface Route {
  name: string;
  method: HttpMethod;
  path: string;
  operation?: Operation;
  segments: string[];
  /** Literal segments count, so `/jobs/list` wins over `/jobs/{jobId}`. */
  literals: number;
}

function compile(name: string, method: HttpMethod, path: string, operation?: Operation): Route {
  const segments = path.split("/").filter((s) => s !== "");
  return { name, method, path, operation, segments, literals: segments.filter((s) => !s.startsWith("{")).length };
}

export class Router {
  private routes: Route[];

  constructor(operations: Operation[]) {
    const implemented = new Set(operations.map((o) => o.name));
    this.routes = [
      ...operations.map((o) => compile(o.name, o.method, o.path, o)),
      ...CATALOG.filter((c) => !implemented.has(c.name)).map((c) => compile(c.name, c.method, c.path)),
    ].sort((a, b) => b.literals - a.literals);
  }

  /**
   * Matches decoded path segments. Returns the route and its labels, or the methods that the
   * path would accept (for a clear 404 when only the method is wrong).
   */
  match(method: string, segments: string[]): { route: Route; labels: Record<string, string> } | { allowed: string[] } {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const labels = matchSegments(route.segments, segments);
      if (!labels) continue;
      if (route.method === method) return { route, labels };
      allowed.push(`${route.method} (${route.name})`);
    }
    return { allowed };
  }
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t.startsWith("{")) {
      if (actual[i] === "") return undefined;
      labels[t.slice(1, -1)] = actual[i];
    } else if (t !== actual[i]) return undefined;
  }
  return labels;
}

/** Splits the raw path on `/`, then percent-decodes each segment (ARNs arrive as one segment). */
export function decodePath(rawPath: string): string[] {
  return rawPath
    .split("/")
    .filter((s, i, all) => !(s === "" && (i === 0 || i === all.length - 1)))
    .map((s) => decodeURIComponent(s));
}

/** Query parameters; a repeated key makes a list. Prototype-less: keys are the caller's. */
export function parseQuery(rawQuery: string): Record<string, string[]> {
  const query: Record<string, string[]> = Object.create(null);
  for (const part of rawQuery.split("&")) {
    if (!part) continue;
    const i = part.indexOf("=");
    const key = decodeURIComponent(i < 0 ? part : part.slice(0, i));
    const value = decodeURIComponent(i < 0 ? "" : part.slice(i + 1));
    (query[key] ??= []).push(value);
  }
  return query;
}

/** JSON for a response; Date objects become RFC 3339 strings with a zone (Date#toJSON). */
export function toJson(value: unknown): string {
  return JSON.stringify(value ?? {});
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  if (status === 204) {
    res.writeHead(204, { "x-amzn-requestid": randomUUID(), ...headers });
    res.end();
    return;
  }
  const body = toJson(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": randomUUID(),
    ...headers,
  });
  res.end(body);
}

/** An error answer: type in `x-amzn-errortype` (what the SDK reads) and in `__type`, text in `message`. */
export function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { message, __type: type }, { "x-amzn-errortype": type });
}
