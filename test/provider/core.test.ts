/**
 * The provider core (check, diff, connection, retries, waits, error rewriting, half-done
 * creates), exercised through the compiled runtime against macie-local.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GetFindingsPublicationConfigurationCommand, GetMacieSessionCommand, GetMemberCommand } from "@aws-sdk/client-macie2";
import { ACCOUNT, startProviderHarness, type ProviderHarness } from "../helpers/provider";
import { untilFailed } from "../helpers/macie";
import { pathOf } from "../helpers/badInputs";

/** Pulumi's placeholder for a value not known during preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(async () => h?.stop());
beforeEach(async () => h.reset());

describe("check", () => {
  // Failures come as the engine gets them: a top-level input that is set keeps its property (the
  // engine prints its value); any other path opens the reason, which ends with the value.
  it("reports every failure at once, each with its property path and rule", async () => {
    const { failures } = await h.check("Member", {
      __name: "m",
      accountId: "12",
      email: "not-an-email",
      status: "RUNNING",
      invitationMessage: "x".repeat(81),
      tags: { "aws:owner": "me", ok: "y".repeat(257) },
      colour: "blue",
      region: "mars",
      assumeRoleArn: "role/admin",
    });
    expect(failures).toEqual(
      expect.arrayContaining([
        { property: "accountId", reason: "must be a 12-digit AWS account ID" },
        { property: "email", reason: "must be an email address" },
        { property: "status", reason: "must be one of ENABLED, PAUSED" },
        { property: "invitationMessage", reason: "must be at most 80 characters long (got 81)" },
        { property: "", reason: 'tags["aws:owner"]: tag keys must not start with aws: (reserved by AWS)' },
        { property: "", reason: `tags.ok: must be at most 256 characters long (got 257); got "${"y".repeat(76)}...` },
        { property: "colour", reason: expect.stringContaining("is not a known property") },
        { property: "region", reason: "must be an AWS Region name such as us-east-1" },
        { property: "assumeRoleArn", reason: expect.stringContaining("must be an IAM role ARN") },
      ]),
    );
    expect(failures).toHaveLength(9);
  });

  it("names nested properties by their path", async () => {
    const { failures } = await h.check("ClassificationExportConfiguration", {
      __name: "e",
      s3Destination: { bucketName: "bad bucket", kmsKeyArn: "alias/macie", expectedBucketOwner: "42", extra: true },
    });
    expect(failures.map(pathOf).sort()).toEqual([
      "s3Destination.bucketName",
      "s3Destination.expectedBucketOwner",
      "s3Destination.extra",
      "s3Destination.kmsKeyArn",
    ]);
    expect(failures.find((f) => pathOf(f) === "s3Destination.bucketName")?.reason).toMatch(/; got "bad bucket"$/);
    // The fault of a misspelt key is the key, which the path shows: no value.
    expect(failures.find((f) => pathOf(f) === "s3Destination.extra")?.reason).toMatch(/^s3Destination\.extra: is not a known property \(known: [^)]*\)$/);
    // A missing input has no value the engine could print.
    expect((await h.check("ClassificationExportConfiguration", { __name: "e" })).failures).toEqual([{ property: "", reason: "s3Destination: is required" }]);
  });

  it("quotes keys the engine's path grammar cannot take bare, and finds their values", async () => {
    const { failures } = await h.check("Member", { __name: "m", accountId: "111111111111", tags: { "team.name": "t".repeat(300), 'say "hi"': "s".repeat(257), plain_1: "p".repeat(257) } });
    expect(failures.map((f) => f.reason)).toEqual([
      `tags["team.name"]: must be at most 256 characters long (got 300); got "${"t".repeat(76)}...`,
      `tags["say \\"hi\\""]: must be at most 256 characters long (got 257); got "${"s".repeat(76)}...`,
      `tags.plain_1: must be at most 256 characters long (got 257); got "${"p".repeat(76)}...`,
    ]);
    expect(failures.every((f) => f.property === "")).toBe(true);
  });

  it("skips values that are unknown during preview, at any depth", async () => {
    expect((await h.check("Member", { __name: "m", accountId: UNKNOWN, email: UNKNOWN, invite: true, tags: UNKNOWN, region: UNKNOWN })).failures).toEqual([]);
    expect((await h.check("ClassificationExportConfiguration", { __name: "e", s3Destination: UNKNOWN })).failures).toEqual([]);
    expect((await h.check("ClassificationExportConfiguration", { __name: "e", s3Destination: { bucketName: UNKNOWN, kmsKeyArn: UNKNOWN } })).failures).toEqual([]);
    expect((await h.check("Member", { __name: "m", accountId: "1", tags: { a: UNKNOWN } })).failures).toEqual([
      { property: "accountId", reason: "must be a 12-digit AWS account ID" },
    ]);
  });

  it("applies defaults to unset (or null) inputs, and keeps given values", async () => {
    expect((await h.check("Account", { __name: "a" })).inputs).toMatchObject({ status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES" });
    expect((await h.check("Account", { __name: "a", status: "PAUSED", findingPublishingFrequency: null })).inputs).toMatchObject({
      status: "PAUSED",
      findingPublishingFrequency: "FIFTEEN_MINUTES",
    });
    expect((await h.check("FindingsPublicationConfiguration", { __name: "p", publishPolicyFindings: false })).inputs).toMatchObject({
      publishClassificationFindings: false,
      publishPolicyFindings: false,
    });
    expect((await h.check("Member", { __name: "m", accountId: "222222222222" })).inputs).toMatchObject({ invite: false, status: "ENABLED" });
  });

  it("auto-names as <name>-<7 hex> within the maximum length, and keeps the name on later checks", async () => {
    for (const type of ["CustomDataIdentifier", "FindingsFilter", "ClassificationJob", "AllowList"]) {
      const { property, maxLength } = h.runtime.definitionOf(type).autoName;
      const owner = "org/project/stack|macie:X::pii";
      const first = (await h.check(type, { __resourceName: "pii", __owner: owner })).inputs[property];
      expect(first).toMatch(/^pii-[0-9a-f]{7}$/);
      // Reproducible: the next run (after an interrupted create) asks for the same name...
      expect((await h.check(type, { __resourceName: "pii", __owner: owner })).inputs[property]).toBe(first);
      // ...but another resource, or other inputs (a replacement), get another one.
      expect((await h.check(type, { __resourceName: "pii", __owner: `${owner}2` })).inputs[property]).not.toBe(first);
      expect((await h.check(type, { __resourceName: "pii", __owner: owner, description: "other" })).inputs[property]).not.toBe(first);
      // Values that diff as equal (null and absent) name alike.
      expect((await h.check(type, { __resourceName: "pii", __owner: owner, description: null })).inputs[property]).toBe(first);
      // An input Pulumi does not know yet (preview) leaves the name unknown.
      expect((await h.check(type, { __resourceName: "pii", __owner: owner, description: UNKNOWN })).inputs[property]).toBe(UNKNOWN);
      const long = (await h.check(type, { __resourceName: "n".repeat(600) })).inputs[property];
      expect(long.length).toBe(maxLength);
      expect(long).toMatch(/^n+-[0-9a-f]{7}$/);
      // A later check (olds = the previous inputs) keeps the name: no rename, no replacement.
      expect((await h.check(type, { __resourceName: "pii" }, { [property]: first })).inputs[property]).toBe(first);
      // A name the program gives wins.
      expect((await h.check(type, { __resourceName: "pii", [property]: "given" }, { [property]: first })).inputs[property]).toBe("given");
      // As the program sends it now: no __resourceName, the name is the end of the owner (also under a parent).
      for (const own of [`org/project/stack|macie:${type}::payroll-ids`, `org/project/stack|urn:pulumi:stack::project::acme:Baseline::b|macie:${type}::payroll-ids`]) {
        const named = (await h.check(type, { __owner: own })).inputs[property];
        expect(named).toMatch(/^payroll-ids-[0-9a-f]{7}$/);
        expect((await h.check(type, { __owner: own })).inputs[property]).toBe(named);
      }
    }
  });

  it("names alike what diffs alike: an empty list is the same as none", async () => {
    const args = { __resourceName: "pii", __owner: "o|pii", regex: "X-[0-9]+" };
    const name = (await h.check("CustomDataIdentifier", args)).inputs.name;
    expect((await h.check("CustomDataIdentifier", { ...args, keywords: [], ignoreWords: [] })).inputs.name).toBe(name);
    expect((await h.check("CustomDataIdentifier", { ...args, keywords: ["employee"] })).inputs.name).not.toBe(name);
  });

  it("makes no API call", async () => {
    const c = await h.countCalls(async () => {
      await h.check("Member", { __name: "m", accountId: "222222222222", email: "a@b.co", invite: true });
      await h.check("Account", { __name: "a" });
    });
    expect(c.operations).toEqual({});
  });
});

describe("diff", () => {
  const memberOuts = {
    accountId: "222222222222",
    email: "a@example.com",
    invite: true,
    status: "ENABLED",
    invitationMessage: "hi",
    tags: { team: "a" },
    arn: "arn:aws:macie2:us-east-1:111111111111:member/222222222222",
    relationshipStatus: "Invited",
    region: "us-east-1",
  };
  const memberNews = { accountId: "222222222222", email: "a@example.com", invite: true, status: "ENABLED", invitationMessage: "hi", tags: { team: "a" } };

  it("is pure: zero API calls, even with no endpoint to call", async () => {
    const c = await h.countCalls(async () => {
      await h.diff("Member", "222222222222", memberOuts, memberNews);
      await h.diff("Member", "222222222222", memberOuts, { ...memberNews, accountId: "333333333333" });
      await h.diff("Account", "x", { status: "ENABLED", region: "us-east-1" }, { status: "PAUSED" });
      await h.diff("ClassificationExportConfiguration", "x", { region: "us-east-1" }, { s3Destination: { bucketName: UNKNOWN, kmsKeyArn: KEY } });
    });
    expect(c.operations).toEqual({});
    expect(c.calls).toBe(0);
    // Nothing listens on port 9: a diff that tried to call anything would fail.
    const d = await h.withEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ACCESS_KEY_ID: "555555555555" }, () =>
      h.diff("Member", "222222222222", memberOuts, { ...memberNews, status: "PAUSED" }),
    );
    expect(d).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("reports no change for equal inputs; absent, null, [] and {} are equal", async () => {
    expect(await h.diff("Member", "222222222222", memberOuts, memberNews)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    expect(await h.diff("Member", "222222222222", { ...memberOuts, tags: {} }, { ...memberNews, tags: undefined })).toMatchObject({ changes: false });
    expect(await h.diff("Member", "222222222222", { ...memberOuts, tags: undefined }, { ...memberNews, tags: null })).toMatchObject({ changes: false });
  });

  it("reports replaces from the resource's table, and in-place changes without them", async () => {
    expect(await h.diff("Member", "222222222222", memberOuts, { ...memberNews, accountId: "333333333333", tags: { team: "b" } })).toEqual({
      changes: true,
      replaces: ["accountId"],
      deleteBeforeReplace: false,
    });
    expect(await h.diff("Member", "222222222222", memberOuts, { ...memberNews, tags: { team: "b" } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
    // createOnly inputs (used when inviting) never diff.
    expect(await h.diff("Member", "222222222222", memberOuts, { ...memberNews, invitationMessage: "other", disableEmailNotification: true })).toMatchObject({ changes: false });
    // deleteBeforeReplace for one-per-account resources.
    expect(await h.diff("OrganizationAdminAccount", "200000000000", { adminAccountId: "200000000000", region: "us-east-1" }, { adminAccountId: "300000000000" })).toEqual({
      changes: true,
      replaces: ["adminAccountId"],
      deleteBeforeReplace: true,
    });
  });

  it("treats unknown values as changes (and as replaces for replace-only inputs)", async () => {
    expect(await h.diff("Member", "222222222222", memberOuts, { ...memberNews, email: UNKNOWN })).toEqual({ changes: true, replaces: ["email"], deleteBeforeReplace: false });
    expect(await h.diff("Member", "222222222222", memberOuts, { ...memberNews, tags: { team: UNKNOWN } })).toEqual({ changes: true, replaces: [], deleteBeforeReplace: false });
  });

  it("replaces a resource moved to another Region, by input, by stack config or unknown", async () => {
    const olds = { ...memberOuts };
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, region: "us-east-1" })).toMatchObject({ changes: false });
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, region: "eu-west-1" })).toEqual({ changes: true, replaces: ["region"], deleteBeforeReplace: false });
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, region: UNKNOWN })).toMatchObject({ replaces: ["region"] });
    // The stack's aws:region applies when the resource sets none.
    await h.runtime.configure({ get: (k) => (k === "aws:region" ? "eu-central-1" : undefined) });
    try {
      expect(await h.diff("Member", "222222222222", olds, memberNews)).toMatchObject({ replaces: ["region"] });
    } finally {
      await h.runtime.configure({ get: () => undefined });
    }
  });

  it("replaces a resource moved to another account through assumeRoleArn, not one whose role changes within its account", async () => {
    const role = (account: string, name = "macie") => `arn:aws:iam::${account}:role/${name}`;
    const olds = { ...memberOuts, assumeRoleArn: role("444444444444") };
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, assumeRoleArn: role("444444444444", "other") })).toMatchObject({ changes: false, replaces: [] });
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, assumeRoleArn: role("555555555555") })).toMatchObject({ replaces: ["assumeRoleArn"] });
    expect(await h.diff("Member", "222222222222", olds, memberNews)).toMatchObject({ replaces: ["assumeRoleArn"] });
    expect(await h.diff("Member", "222222222222", olds, { ...memberNews, assumeRoleArn: UNKNOWN })).toMatchObject({ replaces: ["assumeRoleArn"] });
    expect(await h.diff("Account", "x", { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES", region: "us-east-1" }, { status: "ENABLED", findingPublishingFrequency: "FIFTEEN_MINUTES", assumeRoleArn: role("555555555555") })).toEqual({
      changes: true,
      replaces: ["assumeRoleArn"],
      deleteBeforeReplace: true,
    });
  });
});

describe("connection", () => {
  it("acts in the account of the credentials, and in another account through assumeRoleArn", async () => {
    await h.enableMacie("555555555555");
    const inputs = (await h.check("FindingsPublicationConfiguration", { __name: "p" })).inputs;
    const own = await h.asAccount("555555555555", () => h.create("FindingsPublicationConfiguration", inputs));
    expect(own.outs).toMatchObject({ accountId: "555555555555", region: "us-east-1" });
    expect(own.id).toBe("555555555555:us-east-1");
    const assumed = await h.create("Account", { status: "ENABLED", assumeRoleArn: "arn:aws:iam::666666666666:role/macie" });
    expect(assumed.outs.accountId).toBe("666666666666");
    expect(assumed.outs.assumeRoleArn).toBe("arn:aws:iam::666666666666:role/macie");
    expect((await h.client("666666666666").send(new GetMacieSessionCommand({}))).status).toBe("ENABLED");
    // The credentials themselves never enter the state.
    expect(JSON.stringify([own, assumed])).not.toMatch(/secret|sessionToken|macie-local-session/i);
  });

  it("acts in the Region of the resource's region input", async () => {
    const created = await h.create("Account", { status: "ENABLED", findingPublishingFrequency: "ONE_HOUR", region: "eu-west-1" });
    expect(created.outs.region).toBe("eu-west-1");
    expect(created.id).toBe(`${ACCOUNT}:eu-west-1`);
    expect((await h.client(ACCOUNT, "eu-west-1").send(new GetMacieSessionCommand({}))).findingPublishingFrequency).toBe("ONE_HOUR");
    await expect(h.client(ACCOUNT, "us-east-1").send(new GetMacieSessionCommand({}))).rejects.toMatchObject({ name: "AccessDeniedException" });
  });

  it("says what to check when the account cannot be determined", async () => {
    const err = await h
      .withEnv({ AWS_ENDPOINT_URL: "http://127.0.0.1:9", AWS_ENDPOINT_URL_STS: undefined, AWS_ACCESS_KEY_ID: "777777777777" }, () =>
        h.create("Account", { status: "ENABLED" }),
      )
      .catch((e) => e);
    expect(err.message).toMatch(/^cannot determine the AWS account for Macie in us-east-1: .*Check the AWS credentials/);
  });
});

describe("errors and retries", () => {
  it("rewrites 'Macie is not enabled' into what to declare", async () => {
    const inputs = (await h.check("FindingsPublicationConfiguration", { __name: "p" })).inputs;
    const err = await h.create("FindingsPublicationConfiguration", inputs).catch((e) => e);
    expect(err.message).toMatch(
      /^Macie is not enabled in account 111111111111, us-east-1: declare a macie\.Account and make this resource depend on it \(dependsOn\)\. \[PutFindingsPublicationConfiguration: /,
    );
    // The error type stays, which is how reads and deletes recognize "Macie is not enabled".
    expect(err.name).toBe("AccessDeniedException");
  });

  it("other Macie errors name the operation, the account and Macie's reason, and are not retried", async () => {
    await h.enableMacie();
    await h.em.admin.setFaults({ realRateLimits: false, rules: { PutFindingsPublicationConfiguration: { error: { count: 1, type: "ValidationException" } } } });
    const inputs = (await h.check("FindingsPublicationConfiguration", { __name: "p" })).inputs;
    const c = await h.countCalls(() => h.create("FindingsPublicationConfiguration", inputs).catch((e) => e));
    expect(c.result.message).toMatch(/^PutFindingsPublicationConfiguration failed in account 111111111111, us-east-1: ValidationException: /);
    expect(c.operations).toEqual({ PutFindingsPublicationConfiguration: 1 });
  });

  it("rides out server errors at a rate: every resource's create, update and delete succeed", async () => {
    await h.enableMacie();
    await h.em.admin.setFaults({ realRateLimits: false, seed: 7, rules: { "*": { error: { rate: 0.4 } } } });
    const c = await h.countCalls(async () => {
      const pub = await h.up("FindingsPublicationConfiguration", "p", { publishClassificationFindings: true });
      const exp = await h.up("ClassificationExportConfiguration", "e", { s3Destination: { bucketName: "results", kmsKeyArn: KEY } });
      const m = await h.up("Member", "m", { accountId: "222222222222", email: "a@example.com", tags: { a: "b" } });
      await h.upAgain(pub, { publishClassificationFindings: false });
      await h.upAgain(m, { accountId: "222222222222", email: "a@example.com", tags: { a: "c" } });
      await h.refresh(exp);
      for (const r of [pub, exp, m]) await h.destroy(r);
    });
    const failures = Object.values(c.failed).flatMap((f) => Object.entries(f));
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every(([type]) => type === "InternalServerException")).toBe(true);
    await expect(h.client().send(new GetMemberCommand({ id: "222222222222" }))).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  }, 60_000);

  it("rides out throttling", async () => {
    await h.enableMacie();
    // One call, then one more per 1,000 s of the emulator's clock: the update after the create is
    // throttled however slow the machine, until the test moves the clock on.
    await h.em.admin.setFaults({ realRateLimits: false, rules: { PutFindingsPublicationConfiguration: { throttle: { ratePerSecond: 0.001, burst: 1 } } } });
    const c = await h.countCalls(async () => {
      const pub = await h.up("FindingsPublicationConfiguration", "p", {});
      const updating = h.upAgain(pub, { publishClassificationFindings: true });
      await untilFailed(h.em.admin, "PutFindingsPublicationConfiguration", "ThrottlingException");
      await h.em.admin.advanceClock(1_000_000); // a token for the provider's next retry
      return (await updating).deployed;
    });
    expect(c.failed.PutFindingsPublicationConfiguration?.ThrottlingException).toBeGreaterThan(0);
    expect(c.result.outs.publishClassificationFindings).toBe(true);
    expect((await h.client().send(new GetFindingsPublicationConfigurationCommand({}))).securityHubConfiguration?.publishClassificationFindings).toBe(true);
  });

  it("a response lost after the change is retried with the same client token: one session, no error", async () => {
    await h.em.admin.setFaults({ realRateLimits: false, rules: { EnableMacie: { dropAfterCommit: { count: 1 } } } });
    const c = await h.countCalls(() => h.up("Account", "a", {}));
    expect(c.result.outs.status).toBe("ENABLED");
    expect(c.failed.EnableMacie).toEqual({ ConnectionDropped: 1 });
    expect(c.failed.EnableMacie?.ConflictException).toBeUndefined();
  });

  it("gives up at the deadline with a message naming what was retried", async () => {
    await h.enableMacie();
    await h.em.admin.setFaults({ realRateLimits: false, rules: { PutFindingsPublicationConfiguration: { error: { everyN: 1 } } } });
    const inputs = (await h.check("FindingsPublicationConfiguration", { __name: "p" })).inputs;
    const err = await h.withEnv({ PULUMI_MACIE_RETRY_SECONDS: "2" }, () => h.create("FindingsPublicationConfiguration", inputs)).catch((e) => e);
    expect(err.message).toMatch(
      /^gave up on PutFindingsPublicationConfiguration in account 111111111111, us-east-1 after \d+ attempts over 2 s of retries \(last error InternalServerException: .+\); set PULUMI_MACIE_RETRY_SECONDS to wait longer$/,
    );
  }, 30_000);

  it("waits out eventual consistency after a create", async () => {
    await h.enableMacie();
    // Not found for ten minutes of the emulator's clock, which moves on only once the provider has
    // met the 404: its first read falls inside the window however slow the machine.
    await h.em.admin.setFaults({ realRateLimits: false, rules: { GetMember: { eventualConsistencyMs: 10 * 60_000 } } });
    const up = h.countCalls(() => h.up("Member", "m", { accountId: "222222222222", email: "a@example.com" }));
    await untilFailed(h.em.admin, "GetMember", "ResourceNotFoundException");
    await h.em.admin.advanceClock(10 * 60_000);
    const c = await up;
    expect(c.result.outs.relationshipStatus).toBe("Created");
    expect(c.failed.GetMember?.ResourceNotFoundException).toBeGreaterThan(0);
  });

  it("a bounded wait that runs out names what it waited for, and a half-done create is recorded with its id", async () => {
    await h.enableMacie();
    await h.em.admin.setFaults({ realRateLimits: false, rules: { GetMember: { eventualConsistencyMs: 60_000 } } });
    const inputs = (await h.check("Member", { __name: "m", accountId: "222222222222", email: "a@example.com" })).inputs;
    const err = await h.withEnv({ PULUMI_MACIE_WAIT_SECONDS: "1" }, () => h.create("Member", inputs)).catch((e) => e);
    expect(err.message).toBe(
      "member 222222222222 was created in 111111111111, but timed out after 1 s waiting for member 222222222222 to be readable after CreateMember " +
        "in account 111111111111, us-east-1; set PULUMI_MACIE_WAIT_SECONDS to wait longer",
    );
    // The engine records a resource that failed to initialize from these, rather than orphaning it.
    expect(err.id).toBe("222222222222");
    expect(err.properties).toMatchObject({ accountId: "222222222222", email: "a@example.com", arn: expect.stringContaining("member/222222222222"), region: "us-east-1" });
    expect(err.reasons).toEqual([err.message]);
  });
});
