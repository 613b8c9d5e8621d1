/**
 * AWS Signature Version 4, as far as macie-local needs it: who is calling (access key id, Region)
 * and, for keys whose secret the config names, whether the signature is right.
 *
 * Written against the published SigV4 algorithm with node:crypto, independently of the SDK's
 * signer, so a test through the SDK checks both sides.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/** A 403 answer about authentication; not one of Macie's modeled errors, but what AWS sends. */
export class AuthError extends Error {
  readonly status = 403;
  constructor(readonly type: string, message: string) {
    super(message);
  }
}

export interface Credential {
  accessKeyId: string;
  date: string; // yyyymmdd
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const AUTH_RE =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/;

/** An AWS Region name: a two-letter prefix, words, and a number (us-east-1, us-gov-west-1, eu-isoe-west-1). */
export const REGION_RE = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Reads the caller's credential scope from the `authorization` header. */
export function parseAuthorization(header: string | undefined, expectedService = "macie2"): Credential {
  if (!header) {
    throw new AuthError(
      "MissingAuthenticationTokenException",
      "Request is missing the SigV4 Authorization header. macie-local needs signed requests: " +
        "the access key id names the account (a 12-digit key id is the account id) and the credential scope names the Region.",
    );
  }
  const m = AUTH_RE.exec(header.trim());
  if (!m) {
    throw new AuthError(
      "IncompleteSignatureException",
      "Authorization header is not a valid AWS4-HMAC-SHA256 signature " +
        "(expected 'AWS4-HMAC-SHA256 Credential=<key>/<yyyymmdd>/<region>/macie2/aws4_request, SignedHeaders=..., Signature=<64 hex>').",
    );
  }
  const [, accessKeyId, date, region, service, signedHeaders, signature] = m;
  if (service !== expectedService) {
    throw new AuthError(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${expectedService}', not '${service}'.`,
    );
  }
  // The Region keys the emulator's state: only a Region name (us-east-1, us-gov-west-1, ...) is one.
  if (!REGION_RE.test(region)) {
    throw new AuthError("InvalidSignatureException", `Credential should be scoped to a valid region, not '${region}'.`);
  }
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(";"), signature };
}

/** RFC 3986 encoding, as SigV4 wants it. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** The canonical path: normalized, then each (already encoded) segment encoded once more. */
function canonicalPath(rawPath: string): string {
  const segments: string[] = [];
  for (const seg of rawPath.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(seg);
  }
  const trailing = segments.length > 0 && rawPath.endsWith("/") ? "/" : "";
  return "/" + segments.map(uriEncode).join("/") + trailing;
}

function canonicalQuery(rawQuery: string): string {
  if (!rawQuery) return "";
  const pairs = rawQuery
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const i = p.indexOf("=");
      const k = i < 0 ? p : p.slice(0, i);
      const v = i < 0 ? "" : p.slice(i + 1);
      return [uriEncode(safeDecode(k)), uriEncode(safeDecode(v))] as [string, string];
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

export interface SignedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Recomputes the signature with `secret` and throws a 403 InvalidSignatureException when it
 * differs from the one sent (or when the payload hash does not match the body).
 */
export function verifySignature(req: SignedRequest, cred: Credential, secret: string): void {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(",") : v;
  };
  const amzDate = header("x-amz-date");
  if (!amzDate || !amzDate.startsWith(cred.date)) {
    throw new AuthError("IncompleteSignatureException", "x-amz-date header is missing or does not match the credential scope date.");
  }
  const sentPayloadHash = header("x-amz-content-sha256");
  const bodyHash = sha256Hex(req.body);
  if (sentPayloadHash && sentPayloadHash !== "UNSIGNED-PAYLOAD" && sentPayloadHash !== bodyHash) {
    throw new AuthError("InvalidSignatureException", "The provided x-amz-content-sha256 header does not match the SHA-256 of the request body.");
  }
  const canonicalHeaders = cred.signedHeaders
    .map((name) => `${name}:${(header(name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    req.method,
    canonicalPath(req.rawPath),
    canonicalQuery(req.rawQuery),
    canonicalHeaders,
    cred.signedHeaders.join(";"),
    sentPayloadHash ?? bodyHash,
  ].join("\n");
  const scope = `${cred.date}/${cred.region}/${cred.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  let key = hmac(`AWS4${secret}`, cred.date);
  key = hmac(key, cred.region);
  key = hmac(key, cred.service);
  key = hmac(key, "aws4_request");
  const expected = Buffer.from(createHmac("sha256", key).update(stringToSign).digest("hex"));
  const sent = Buffer.from(cred.signature);
  if (expected.length !== sent.length || !timingSafeEqual(expected, sent)) {
    throw new AuthError(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. " +
        `Check your AWS Secret Access Key and signing method (access key ${cred.accessKeyId}).`,
    );
  }
}
