/**
 * A catalogue of invalid inputs for AllowList. Each is driven as `pulumi up` drives a new resource
 * (check, then create only if check passed): check must reject it with the expected property path
 * and rule, and the emulator must record no call for the whole catalogue.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { describeBadInputs, pathOf, type BadInput } from "../helpers/badInputs";

const TYPE = "AllowList";
const REGEX = { criteria: { regex: "ACME-\\d{6}" } };
const WORDS = (s3WordsList: Record<string, unknown>) => ({ criteria: { s3WordsList } });
const KEY = "lists/words.txt";

const CASES: BadInput[] = [
  { what: "no criteria", type: TYPE, args: {}, property: "criteria", reason: /is required/ },
  { what: "empty criteria", type: TYPE, args: { criteria: {} }, property: "criteria", reason: /must set exactly one of regex, s3WordsList$/ },
  {
    what: "both regex and s3WordsList",
    type: TYPE,
    args: { criteria: { regex: "x", s3WordsList: { bucketName: "lists", objectKey: KEY } } },
    property: "criteria",
    reason: /exactly one of regex, s3WordsList \(got regex and s3WordsList\)/,
  },
  { what: "an unknown criteria member", type: TYPE, args: { criteria: { regex: "x", words: ["a"] } }, property: "criteria.words", reason: /is not a known property/ },
  { what: "an empty regex", type: TYPE, args: { criteria: { regex: "" } }, property: "criteria.regex", reason: /must not be empty/ },
  { what: "regex over 512 characters", type: TYPE, args: { criteria: { regex: "a".repeat(513) } }, property: "criteria.regex", reason: /at most 512 characters long \(got 513\)/ },
  { what: "regex with an unclosed group", type: TYPE, args: { criteria: { regex: "(\\d+" } }, property: "criteria.regex", reason: /not a valid regular expression.*without a matching \)/ },
  { what: "regex that is not a string", type: TYPE, args: { criteria: { regex: 42 } }, property: "criteria.regex", reason: /must be a string/ },
  { what: "s3WordsList without objectKey", type: TYPE, args: WORDS({ bucketName: "lists" }), property: "criteria.s3WordsList.objectKey", reason: /is required/ },
  { what: "s3WordsList without bucketName", type: TYPE, args: WORDS({ objectKey: KEY }), property: "criteria.s3WordsList.bucketName", reason: /is required/ },
  // Capitals, underscores and up to 255 characters are legacy bucket names, which Macie accepts (see the test below).
  { what: "a bucket name with a space", type: TYPE, args: WORDS({ bucketName: "my lists", objectKey: KEY }), property: "criteria.s3WordsList.bucketName", reason: /must be an S3 bucket name: letters, digits, dots/, got: '"my lists"' },
  { what: "an s3:// URL for a bucket name", type: TYPE, args: WORDS({ bucketName: "s3://lists", objectKey: KEY }), property: "criteria.s3WordsList.bucketName", reason: /must be an S3 bucket name/ },
  { what: "a bucket name of 2 characters", type: TYPE, args: WORDS({ bucketName: "ab", objectKey: KEY }), property: "criteria.s3WordsList.bucketName", reason: /at least 3 characters/ },
  { what: "a bucket name over 255 characters", type: TYPE, args: WORDS({ bucketName: "b".repeat(256), objectKey: KEY }), property: "criteria.s3WordsList.bucketName", reason: /at most 255 characters long \(got 256\)/ },
  { what: "an object key over 1,024 characters", type: TYPE, args: WORDS({ bucketName: "lists", objectKey: "k".repeat(1025) }), property: "criteria.s3WordsList.objectKey", reason: /at most 1024 characters/ },
  { what: "name over 128 characters", type: TYPE, args: { ...REGEX, name: "n".repeat(129) }, property: "name", reason: /at most 128 characters/ },
  { what: "an empty name", type: TYPE, args: { ...REGEX, name: "" }, property: "name", reason: /at least 1 characters/ },
  { what: "a name on two lines", type: TYPE, args: { ...REGEX, name: "test\ncards" }, property: "name", reason: /must be on one line/ },
  { what: "description over 512 characters", type: TYPE, args: { ...REGEX, description: "d".repeat(513) }, property: "description", reason: /at most 512 characters/ },
  { what: "an empty description", type: TYPE, args: { ...REGEX, description: "" }, property: "description", reason: /must not be empty \(leave it out/ },
  { what: "a tag key starting with aws:", type: TYPE, args: { ...REGEX, tags: { "aws:owner": "me" } }, property: 'tags["aws:owner"]', reason: /must not start with aws:/ },
  { what: "ignoreJobChecksOnDelete not a boolean", type: TYPE, args: { ...REGEX, ignoreJobChecksOnDelete: "yes" }, property: "ignoreJobChecksOnDelete", reason: /must be a boolean/ },
];

let h: ProviderHarness;

beforeAll(async () => {
  h = await startProviderHarness();
  await h.enableMacie();
});
afterAll(() => h?.stop());

describeBadInputs("AllowList: check rejects each invalid input with its property path and rule", CASES, 15, () => h);

describe("names Macie accepts pass check", () => {
  // The API model's S3BucketName: legacy names (us-east-1, before March 2018) may have capitals,
  // underscores, consecutive dots, an IP address's shape, and up to 255 characters.
  test.each(["My_Lists", "LEGACY.Bucket_2017", "192.168.1.1", "a..b", "b".repeat(255), "abc"])("bucket name %s", async (bucketName) => {
    const { failures } = await h.check(TYPE, { __name: "good", criteria: { s3WordsList: { bucketName, objectKey: KEY } } });
    expect(failures).toEqual([]);
  });

  test("a name of 128 characters on one line, a description of 1 character", async () => {
    const { failures } = await h.check(TYPE, { __name: "good", ...REGEX, name: "n".repeat(128), description: "d" });
    expect(failures).toEqual([]);
  });
});

describe("check reports every failure at once", () => {
  test("a list with four independent mistakes gets four failures", async () => {
    const { failures } = await h.check(TYPE, {
      __name: "bad",
      name: "n".repeat(200),
      description: "d".repeat(600),
      criteria: { s3WordsList: { bucketName: "Bad Bucket" } },
    });
    expect(failures.map(pathOf).sort()).toEqual(["criteria.s3WordsList.bucketName", "criteria.s3WordsList.objectKey", "description", "name"]);
  });
});
