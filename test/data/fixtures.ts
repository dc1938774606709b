/** Placeholder identities of one organization, and of an outsider, for policy simulations. */
export const ORG_ID = "o-abc123def4";
export const OTHER_ORG_ID = "o-zzz999yyy8";
export const REGION = "eu-west-1";
export const MANAGEMENT = "111111111111";
export const LOG_ARCHIVE = "222222222222";
export const SECURITY_TOOLING = "333333333333";
export const WORKLOAD = "444444444444";
export const BACKUP = "555555555555";
export const OUTSIDER = "999999999999";
export const ACCESS_ROLE = "OrganizationAccountAccessRole";
export const TRAIL_ARN = `arn:aws:cloudtrail:${REGION}:${MANAGEMENT}:trail/landing-zone-organization`;

/** An assumed-role session of a role in an account. */
export function session(account: string, role: string): string {
    return `arn:aws:sts::${account}:assumed-role/${role}/session`;
}

/** Context of a request made over TLS by a principal of an organization. */
export function inOrg(extra: Record<string, string> = {}, org = ORG_ID): Record<string, string> {
    return { "aws:PrincipalOrgID": org, "aws:SecureTransport": "true", ...extra };
}

/** Context of a request made over TLS by an AWS service. */
export function overTls(extra: Record<string, string> = {}): Record<string, string> {
    return { "aws:SecureTransport": "true", ...extra };
}
