/**
 * Refusals that protect macie-local from callers that are not who they seem.
 *
 * - DNS rebinding: a web page whose name is made to resolve to 127.0.0.1 talks to the emulator
 *   as a same-origin page, so the browser lets it send any header (a fake SigV4 one included)
 *   and read the answers. Its requests still carry the page's own name in `Host`, so only the
 *   emulator's own names are accepted there.
 * - CSRF: any web page may send "simple" cross-origin requests (a form POST, a fetch with a
 *   `text/plain` body) without being able to read the answer. Browsers name the page in
 *   `Origin` (and `Sec-Fetch-Site`), so the admin endpoint, which needs no signature, refuses
 *   requests from another origin and bodies that are not JSON.
 *
 * And limits on what one request may cost: its size, and how long it may take to arrive.
 */
import type { IncomingHttpHeaders, IncomingMessage } from "node:http";
import type { EmulatorConfig, Limits } from "./types";
import { DEFAULT_REGEX_TIMEOUT_MS } from "./macieRegex";

const LOCAL_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** `name` as it appears in a Host header, with `port` unless it names its own port. */
function hostWithPort(name: string, port: number): string {
  const n = name.trim().toLowerCase();
  if (/^\[[^\]]*\](:\d+)?$/.test(n)) return /\]:\d+$/.test(n) ? n : `${n}:${port}`; // [v6] or [v6]:port
  if ((n.match(/:/g) ?? []).length > 1) return `[${n}]:${port}`; // a bare IPv6 address
  return /:\d+$/.test(n) ? n : `${n}:${port}`;
}

export class HostGuard {
  private readonly hosts = new Set<string>();

  /**
   * @param bindHost the interface macie-local listens on
   * @param port the port it listens on
   * @param extra further names (`name` or `name:port`), for a name or port mapping in front of it
   */
  constructor(bindHost: string, port: number, extra: string[] = []) {
    for (const name of [...LOCAL_NAMES, bindHost, ...extra]) {
      const withPort = hostWithPort(name, port);
      this.hosts.add(withPort);
      // A client leaves the default port out of Host.
      if (withPort.endsWith(":80")) this.hosts.add(withPort.slice(0, -3));
    }
  }

  /** The Host header names macie-local (a request without one comes from no browser). */
  hostAllowed(host: string | undefined): boolean {
    return host === undefined || this.hosts.has(host.trim().toLowerCase());
  }

  /** The request comes from no web page, or from one served by macie-local itself. */
  sameOrigin(headers: IncomingHttpHeaders): boolean {
    const origin = headers.origin;
    if (origin !== undefined) {
      const m = /^http:\/\/(.+)$/i.exec(origin.trim());
      if (!m || !this.hosts.has(m[1].toLowerCase())) return false;
    }
    const site = headers["sec-fetch-site"];
    return site === undefined || site === "same-origin" || site === "none";
  }

  /** The names accepted in Host, for error messages. */
  describe(): string {
    return [...this.hosts].join(", ");
  }
}

/** The media type of a Content-Type header, lower case, without parameters. */
export function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(";")[0].trim().toLowerCase() || undefined;
}

/** A JSON media type, as restJson1 (application/json) and awsJson (application/x-amz-json-1.0/1.1) send it. */
export function isJsonMediaType(type: string | undefined): boolean {
  return type === "application/json" || /^application\/x-amz-json-1\.[01]$/.test(type ?? "");
}

/**
 * Deepest nesting of a request body: no Macie request goes past 10 levels. JSON.parse copes with
 * any depth, but JSON.stringify and structuredClone recurse, so a deeper body kept in the request
 * log would break every later read of it.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether a parsed JSON value nests objects or arrays more than `max` levels deep (without recursing). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) return true;
    for (const child of Object.values(v)) if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
  }
  return false;
}

/** Limits in force unless the config's `limits` says otherwise. */
export const DEFAULT_LIMITS: Limits = {
  // The largest legal Macie request, a CreateClassificationJob naming 1,000 buckets, is under 100 KiB.
  maxBodyBytes: 1024 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  regexTimeoutMs: DEFAULT_REGEX_TIMEOUT_MS,
};

export function limitsOf(config: EmulatorConfig): Limits {
  return { ...DEFAULT_LIMITS, ...(config.limits ?? {}) };
}

/**
 * Reads a request body of at most `limit` bytes; "tooLarge" as soon as it is longer (or says it
 * will be). The rest is then read and dropped, so that the client, still sending, can read the
 * 413 that follows; past 64 times the limit the connection is closed instead.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "tooLarge"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers["content-length"]) > limit;
    if (over) resolve("tooLarge");
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > limit) {
        over = true;
        chunks.length = 0;
        resolve("tooLarge");
      }
      if (over) {
        if (size > limit * 64) req.socket.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(over ? "tooLarge" : Buffer.concat(chunks)));
    req.on("error", reject);
    // A client that goes away mid-body: nothing to answer.
    req.on("close", () => {
      if (!req.complete) reject(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
    });
  });
}
