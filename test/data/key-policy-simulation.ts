/** Key policies of the landing zone built for test accounts, and the request rows every key must satisfy. */
import { strict as assert } from "assert";
import { keyPolicy, KeyPolicyArgs } from "../../components/policies/kms";
import { KeyPurpose } from "../../components/shared/names";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions, SimulationOutcome, SimulationRequest, uncoveredStatements } from "../support/iam-simulation";
import { ACCESS_ROLE, BACKUP, inOrg, LOG_ARCHIVE, ORG_ID, OTHER_ORG_ID, OUTSIDER, REGION, SECURITY_TOOLING, session, TRAIL_ARN, WORKLOAD } from "./fixtures";

export function policy(
    accountId: string,
    purpose: KeyPurpose,
    accountRole: KeyPolicyArgs["accountRole"],
    admins: string[] = [ACCESS_ROLE],
    homeRegion = REGION,
): PolicyDocument {
    return keyPolicy({
        partition: "aws",
        region: REGION,
        accountId,
        organizationId: ORG_ID,
        purpose,
        accountRole,
        administratorRoleNames: admins,
        organizationTrailArn: TRAIL_ARN,
        logReaderAccountIds: accountId === LOG_ARCHIVE ? [SECURITY_TOOLING] : [],
        backupAccountId: BACKUP,
        homeRegion,
    });
}

export const keyArn = (account: string) => `arn:aws:kms:${REGION}:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const via = (service: string) => `${service}.${REGION}.amazonaws.com`;
export const app = (account: string) => session(account, "app");
export const admin = (account: string) => session(account, ACCESS_ROLE);

/** Rows every key must satisfy: admin separated from use, outsiders and plain HTTP denied, no direct use. */
export function commonRows(account: string, useService: string | undefined, otherAccountsRefused = true): SimulationRequest[] {
    const key = keyArn(account);
    const other = account === WORKLOAD ? SECURITY_TOOLING : WORKLOAD;
    const rows: SimulationRequest[] = [
        {
            description: "the deployer administers the key",
            principal: admin(account),
            action: "kms:ScheduleKeyDeletion",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "KeyAdministration",
        },
        {
            description: "the deployer cannot decrypt with the key",
            principal: admin(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "a workload role cannot change the key policy",
            principal: app(account),
            action: "kms:PutKeyPolicy",
            resource: key,
            context: inOrg(),
            expected: "ImplicitlyDenied",
        },
        {
            description: "an in-org role cannot decrypt directly, outside any service",
            principal: app(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "a principal outside the organization is denied",
            principal: session(OUTSIDER, "attacker"),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": OUTSIDER }, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "an administrator from outside the organization is denied",
            principal: session(OUTSIDER, ACCESS_ROLE),
            action: "kms:ScheduleKeyDeletion",
            resource: key,
            context: inOrg({}, OTHER_ORG_ID),
            expected: "ExplicitlyDenied",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "the deployer over plain HTTP is denied",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg({ "aws:SecureTransport": "false" }),
            expected: "ExplicitlyDenied",
            statement: "DenyWithoutTls",
        },
        {
            description: "the deployer in the organization over TLS passes both denies",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyOutsideOrganization",
        },
        {
            description: "the deployer over TLS is not denied for transport",
            principal: admin(account),
            action: "kms:DescribeKey",
            resource: key,
            context: inOrg(),
            expected: "Allowed",
            statement: "DenyWithoutTls",
        },
    ];
    if (useService) {
        rows.push(
            {
                description: `a role of the account encrypts through ${useService}`,
                principal: app(account),
                action: "kms:GenerateDataKey",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account }),
                expected: "Allowed",
                statement: "UseThroughPurposeServices",
            },
            {
                description: `a role of the account decrypts through ${useService}`,
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account }),
                expected: "Allowed",
            },
            {
                description: "a role of the account cannot use the key through an unrelated service",
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via("dynamodb"), "kms:CallerAccount": account }),
                expected: "ImplicitlyDenied",
            },
            ...(otherAccountsRefused
                ? [
                      {
                          description: "a role of another org account cannot use the key through the service",
                          principal: app(other),
                          action: "kms:Decrypt",
                          resource: key,
                          context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": other }),
                          expected: "ImplicitlyDenied" as const,
                      },
                  ]
                : []),
            {
                description: `the request through ${useService} over plain HTTP is denied`,
                principal: app(account),
                action: "kms:Decrypt",
                resource: key,
                context: inOrg({ "kms:ViaService": via(useService), "kms:CallerAccount": account, "aws:SecureTransport": "false" }),
                expected: "ExplicitlyDenied",
                statement: "DenyWithoutTls",
            },
        );
    }
    return rows;
}

/** Session Manager on an account's logs key: SSM makes the data key for a user, SSM Agent (Default Host Management role) decrypts it. */
export function sessionManagerRows(account: string): SimulationRequest[] {
    const key = keyArn(account);
    const agent = session(account, "AWSSystemsManagerDefaultEC2InstanceManagementRole");
    const agentRole = `arn:aws:iam::${account}:role/service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole`;
    return [
        {
            description: "a user starting a session has SSM generate the session data key",
            principal: app(account),
            action: "kms:GenerateDataKey",
            resource: key,
            context: inOrg({ "kms:ViaService": via("ssm"), "kms:CallerAccount": account }),
            expected: "Allowed",
            statement: "SessionManagerStartsSessions",
        },
        {
            description: "a user cannot generate a session data key outside SSM",
            principal: app(account),
            action: "kms:GenerateDataKey",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "SSM Agent under the Default Host Management role decrypts the session key",
            principal: agent,
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account, "aws:PrincipalArn": agentRole }),
            expected: "Allowed",
            statement: "SessionManagerAgentOfThisAccount",
        },
        {
            description: "another role of the account cannot decrypt session data directly",
            principal: app(account),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({ "kms:CallerAccount": account, "aws:PrincipalArn": `arn:aws:iam::${account}:role/app` }),
            expected: "ImplicitlyDenied",
        },
        {
            description: "the Default Host Management role of another account cannot use the key",
            principal: session(SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING, "AWSSystemsManagerDefaultEC2InstanceManagementRole"),
            action: "kms:Decrypt",
            resource: key,
            context: inOrg({
                "kms:CallerAccount": SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING,
                "aws:PrincipalArn": agentRole.replace(account, SECURITY_TOOLING === account ? WORKLOAD : SECURITY_TOOLING),
            }),
            expected: "ImplicitlyDenied",
        },
    ];
}

export interface Case {
    readonly name: string;
    readonly doc: PolicyDocument;
    readonly rows: SimulationRequest[];
}

/** Per case: a test that every request gets its decision, and one that every statement is exercised. */
export function itSimulates(cases: readonly Case[]): void {
    const outcomes = new Map<string, SimulationOutcome[]>();
    for (const c of cases) {
        it(`${c.name}: every request gets its decision`, async () => {
            outcomes.set(c.name, await expectDecisions({ resourcePolicy: c.doc }, c.rows));
        });
        it(`${c.name}: every statement is exercised`, () => {
            // iam-simulate matches variable condition keys only after a "/" (aws:RequestTag/x), so it drops
            // kms:EncryptionContext:aws:logs:arn: that statement is checked by its own test in key-policies.test.ts.
            const unprovable = (line: string) => line.startsWith("CloudWatchLogsOfThisAccount:");
            assert.deepEqual(
                uncoveredStatements([c.doc], outcomes.get(c.name) ?? []).filter((l) => !unprovable(l)),
                [],
            );
        });
    }
}
