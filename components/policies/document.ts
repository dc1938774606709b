/**
 * IAM-style policy documents as plain typed data. Builders in this folder are pure functions of
 * typed inputs, so every document can be unit tested, size-checked and simulated without Pulumi.
 */

export type ConditionOperator = string;
/** `{ "StringEquals": { "aws:PrincipalOrgID": "o-..." } }` */
export type ConditionBlock = Readonly<Record<ConditionOperator, Readonly<Record<string, string | boolean | number | readonly string[]>>>>;

export type Principal = "*" | Readonly<{ AWS?: string | readonly string[]; Service?: string | readonly string[]; Federated?: string | readonly string[] }>;

export interface Statement {
    readonly Sid: string;
    readonly Effect: "Allow" | "Deny";
    readonly Action?: string | readonly string[];
    readonly NotAction?: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly NotResource?: string | readonly string[];
    readonly Principal?: Principal;
    readonly NotPrincipal?: Principal;
    readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly Statement[];
}

/** A document from statements; Sids must be unique, since reviewers and simulations cite them. */
export function policyDocument(statements: readonly Statement[]): PolicyDocument {
    const seen = new Set<string>();
    for (const s of statements) {
        if (!/^[A-Za-z0-9]+$/.test(s.Sid)) throw new Error(`Statement Sid "${s.Sid}" must be alphanumeric`);
        if (seen.has(s.Sid)) throw new Error(`Statement Sid "${s.Sid}" appears twice in one policy`);
        seen.add(s.Sid);
    }
    return { Version: "2012-10-17", Statement: statements };
}

/**
 * A trust statement for one IAM role, by its ARN. Naming the role as Principal does not survive its
 * re-creation: IAM stores the role's unique id (AROA...) in place of the ARN, so a new role of the same
 * name is not trusted until the policy is saved again. The role's account is the Principal and
 * `aws:PrincipalArn` names the role, a string IAM keeps as written (AWS's recommended pattern). An
 * account Principal delegates to the account's IAM: the trusted role must also be allowed the action
 * on this role by its own policy.
 */
export function trustRoleByArn(sid: string, roleArn: string, action: string | readonly string[] = "sts:AssumeRole"): Statement {
    const m = /^arn:(aws[a-z-]*):iam::(\d{12}):role\/[\w+=,.@/-]+$/.exec(roleArn);
    if (!m) throw new Error(`trustRoleByArn ${sid}: "${roleArn}" is not an IAM role ARN (expected arn:<partition>:iam::<12-digit account>:role/<path/name>)`);
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: `arn:${m[1]}:iam::${m[2]}:root` },
        Action: action,
        Condition: { ArnEquals: { "aws:PrincipalArn": roleArn } },
    };
}

/** Minified JSON: the form AWS measures against size quotas. */
export function toJson(doc: PolicyDocument): string {
    return JSON.stringify(doc);
}
