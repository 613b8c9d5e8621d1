/**
 * The AWS SDK's Macie module, loaded at its first use rather than when pulumi-macie is.
 *
 * The program process declares resources and never calls Macie (lookups aside), and the
 * dynamic-provider plugin makes no call in a preview that plans no change: neither pays the
 * SDK's load time (about 0.1 s of CPU) unless it calls Macie. Resource files write
 * `new macie2.CreateXCommand(...)` and import the SDK's types with `import type`.
 */
import type * as Macie2 from "@aws-sdk/client-macie2";

let loaded: typeof Macie2 | undefined;

export const macie2: typeof Macie2 = new Proxy({} as typeof Macie2, {
  get(_, key) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    loaded ??= require("@aws-sdk/client-macie2") as typeof Macie2;
    return (loaded as any)[key];
  },
});
