/**
 * An S3 bucket name as Macie takes it. Macie's API model (botocore's macie2 `S3BucketName`) allows
 * `^[A-Za-z0-9.\-_]{3,255}$`: wider than today's S3 naming rules, because buckets made in
 * us-east-1 before March 2018 may have capitals and underscores and be up to 255 characters long,
 * and Macie works with them. The length and the characters are checked apart, so that a failure
 * names the rule that was broken.
 */
import { s, type Schema } from "./schema";

export const s3BucketName = (): Schema =>
  s.string({
    min: 3,
    max: 255,
    pattern: /^[A-Za-z0-9.\-_]+$/,
    patternReason: "must be an S3 bucket name: letters, digits, dots (.), hyphens (-) and underscores (_)",
  });
