/**
 * ListManagedDataIdentifiers (`POST /managed-data-identifiers/list`): the data identifiers Macie
 * provides. macie-local serves a representative subset of Macie's managed data identifiers (ids
 * and categories in Macie's spelling), not the full and growing list of the real service.
 */
import type { Operation } from "../core/types";
import { optionalString, paginate } from "../core/validate";

type Category = "CREDENTIALS" | "FINANCIAL_INFORMATION" | "PERSONAL_INFORMATION";

const BY_CATEGORY: Record<Category, string[]> = {
  CREDENTIALS: ["AWS_CREDENTIALS", "GCP_API_KEY", "OPENSSH_PRIVATE_KEY", "PGP_PRIVATE_KEY", "PKCS", "PUTTY_PRIVATE_KEY", "STRIPE_CREDENTIALS", "JSON_WEB_TOKEN", "HTTP_BASIC_AUTH_HEADER", "HTTP_COOKIE"],
  FINANCIAL_INFORMATION: [
    "BANK_ACCOUNT_NUMBER",
    "CREDIT_CARD_EXPIRATION",
    "CREDIT_CARD_MAGNETIC_STRIPE",
    "CREDIT_CARD_NUMBER",
    "CREDIT_CARD_NUMBER_(NO_KEYWORD)",
    "CREDIT_CARD_SECURITY_CODE",
    "USA_ROUTING_NUMBER",
  ],
  PERSONAL_INFORMATION: [
    "ADDRESS",
    "BIRTH_DATE",
    "CANADA_SOCIAL_INSURANCE_NUMBER",
    "DRIVERS_LICENSE",
    "EMAIL_ADDRESS",
    "FRANCE_NATIONAL_IDENTIFICATION_NUMBER",
    "GERMANY_NATIONAL_IDENTIFICATION_NUMBER",
    "LATITUDE_LONGITUDE",
    "NAME",
    "PASSPORT_NUMBER",
    "PHONE_NUMBER",
    "UK_NATIONAL_INSURANCE_NUMBER",
    "USA_HEALTH_INSURANCE_CLAIM_NUMBER",
    "USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
    "USA_MEDICARE_BENEFICIARY_IDENTIFIER",
    "USA_SOCIAL_SECURITY_NUMBER",
  ],
};

/** `{ id, category }` of every managed data identifier macie-local knows, sorted by id. */
export const MANAGED_DATA_IDENTIFIERS: { id: string; category: Category }[] = (Object.entries(BY_CATEGORY) as [Category, string[]][])
  .flatMap(([category, ids]) => ids.map((id) => ({ id, category })))
  .sort((a, b) => a.id.localeCompare(b.id));

/** The ids of the managed data identifiers, for validating `managedDataIdentifierIds` of jobs. */
export const MANAGED_DATA_IDENTIFIER_IDS: readonly string[] = MANAGED_DATA_IDENTIFIERS.map((m) => m.id);

/** Page size of ListManagedDataIdentifiers (the operation takes no maxResults); config `pageSizes` changes it. */
const PAGE_SIZE = 100;

export const operations: Operation[] = [
  {
    name: "ListManagedDataIdentifiers",
    method: "POST",
    path: "/managed-data-identifiers/list",
    mutating: false,
    handle(ctx, { body }) {
      optionalString(body.nextToken, "nextToken");
      const size = ctx.config.pageSizes?.ListManagedDataIdentifiers ?? PAGE_SIZE;
      const { page, nextToken } = paginate(MANAGED_DATA_IDENTIFIERS, size, body.nextToken);
      return { items: page, nextToken };
    },
  },
];
