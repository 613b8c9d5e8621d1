/**
 * The two STS calls a Macie tool needs, so that macie-local can stand in for a whole AWS
 * endpoint (`AWS_ENDPOINT_URL`): GetCallerIdentity (which account am I?) and AssumeRole (act in
 * another account). STS speaks the awsQuery protocol: a form-encoded POST with `Action=...`,
 * answered in XML.
 *
 * AssumeRole follows macie-local's account convention: the temporary access key id it returns is
 * the 12-digit account id of the role, so calls signed with it act in that account.
 */
import { randomBytes } from "node:crypto";

const NS = "https://sts.amazonaws.com/doc/2011-06-15/";

/** Is this request an STS call (rather than a Macie one)? */
export function isStsRequest(method: string, contentType: string | undefined, body: string): boolean {
  return method === "POST" && /x-www-form-urlencoded/.test(contentType ?? "") && /(^|&)Action=/.test(body);
}

export interface StsResponse {
  status: number;
  body: string;
}

const xmlEscape = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

function error(status: number, code: string, message: string): StsResponse {
  return {
    status,
    body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomBytes(8).toString("hex")}</RequestId></ErrorResponse>`,
  };
}

/** Answer an STS call made with the caller's account id. */
export function handleSts(body: string, callerAccountId: string, accessKeyId: string): StsResponse {
  const params = new URLSearchParams(body);
  const action = params.get("Action");
  const requestId = randomBytes(8).toString("hex");
  if (action === "GetCallerIdentity") {
    return {
      status: 200,
      body:
        `<GetCallerIdentityResponse xmlns="${NS}"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${callerAccountId}:user/macie-local</Arn><UserId>${xmlEscape(accessKeyId)}</UserId><Account>${callerAccountId}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  }
  if (action === "AssumeRole") {
    const roleArn = params.get("RoleArn") ?? "";
    const sessionName = params.get("RoleSessionName") ?? "";
    const m = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(.+)$/.exec(roleArn);
    if (!m) return error(400, "ValidationError", `RoleArn ${JSON.stringify(roleArn)} is not a role ARN`);
    if (!sessionName) return error(400, "ValidationError", "RoleSessionName is required");
    const [, account, roleName] = m;
    const expiration = new Date(Date.now() + 3600_000).toISOString();
    return {
      status: 200,
      body:
        `<AssumeRoleResponse xmlns="${NS}"><AssumeRoleResult>` +
        `<Credentials><AccessKeyId>${account}</AccessKeyId><SecretAccessKey>macie-local</SecretAccessKey>` +
        `<SessionToken>macie-local-session</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
        `<AssumedRoleUser><AssumedRoleId>AROA${account}:${xmlEscape(sessionName)}</AssumedRoleId>` +
        `<Arn>arn:aws:sts::${account}:assumed-role/${xmlEscape(roleName)}/${xmlEscape(sessionName)}</Arn></AssumedRoleUser>` +
        `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  }
  return error(400, "InvalidAction", `macie-local implements only the STS actions GetCallerIdentity and AssumeRole, not ${action}`);
}
