import { strict as assert } from "assert";
import { KEY_ADMIN_ACTIONS, KEY_USE_ACTIONS } from "../../components/policies/kms";
import { KEY_PURPOSES } from "../../components/shared/names";
import type { PolicyDocument } from "../../components/policies/document";
import { expectDecisions } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { inOrg, LOG_ARCHIVE, MANAGEMENT, REGION, session, WORKLOAD } from "./fixtures";
import { keyArn, policy } from "./key-policy-simulation";

describe("data: the log-archive keys do not depend on the organization's accounts", () => {
    it("name no member account, so adding an account changes no key policy", () => {
        for (const purpose of KEY_PURPOSES) {
            const text = JSON.stringify(policy(LOG_ARCHIVE, purpose, "logArchive"));
            assert.ok(!text.includes(WORKLOAD), `${purpose} names the workload account ${WORKLOAD}`);
        }
    });
});

describe("data: key policies (simulated)", () => {
    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        const docs: Record<string, PolicyDocument> = {};
        for (const role of ["other", "logArchive", "backup"] as const) for (const p of KEY_PURPOSES) docs[`${role}/${p}`] = policy(WORKLOAD, p, role);
        docs["management/logs"] = policy(MANAGEMENT, "logs", "other", []);
        await expectValidDocuments(docs);
    });

    it("lets CloudWatch Logs use a logs key only for log groups of the key's own account and region", () => {
        for (const [account, role] of [
            [WORKLOAD, "other"],
            [LOG_ARCHIVE, "logArchive"],
        ] as const) {
            const s = policy(account, "logs", role).Statement.find((x) => x.Sid === "CloudWatchLogsOfThisAccount")!;
            assert.deepEqual(s.Principal, { Service: `logs.${REGION}.amazonaws.com` });
            assert.deepEqual(s.Condition, { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${REGION}:${account}:log-group:*` } });
        }
    });

    it("separates administration from use", () => {
        for (const p of KEY_PURPOSES) {
            const doc = policy(WORKLOAD, p, "other");
            const adminStatement = doc.Statement.find((s) => s.Sid === "KeyAdministration")!;
            const actions = adminStatement.Action as readonly string[];
            for (const use of KEY_USE_ACTIONS) if (use !== "kms:DescribeKey") assert.ok(!actions.includes(use), `${p}: admin has ${use}`);
            for (const s of doc.Statement.filter((s) => s.Effect === "Allow" && s.Sid !== "KeyAdministration")) {
                const list = typeof s.Action === "string" ? [s.Action] : (s.Action ?? []);
                for (const a of list)
                    assert.ok(!(KEY_ADMIN_ACTIONS as readonly string[]).includes(a) || a === "kms:DescribeKey", `${p}/${s.Sid} grants admin action ${a}`);
            }
        }
    });

    it("never allows a wildcard principal without an organization condition", () => {
        for (const role of ["other", "logArchive", "backup"] as const) {
            for (const p of KEY_PURPOSES) {
                for (const s of policy(WORKLOAD, p, role).Statement) {
                    if (s.Effect !== "Allow" || s.Principal !== "*") continue;
                    assert.ok(
                        JSON.stringify(s.Condition ?? {}).includes('"aws:PrincipalOrgID"'),
                        `${role}/${p}/${s.Sid}: wildcard principal without aws:PrincipalOrgID`,
                    );
                }
            }
        }
    });

    it("lets the management account's IAM administer its key when no deployer role is named", async () => {
        const doc = policy(MANAGEMENT, "logs", "other", []);
        await expectDecisions({ resourcePolicy: doc }, [
            {
                description: "a management admin schedules deletion",
                principal: session(MANAGEMENT, "platform-admin"),
                action: "kms:ScheduleKeyDeletion",
                resource: keyArn(MANAGEMENT),
                context: inOrg(),
                expected: "Allowed",
            },
            {
                description: "a management admin cannot decrypt",
                principal: session(MANAGEMENT, "platform-admin"),
                action: "kms:Decrypt",
                resource: keyArn(MANAGEMENT),
                context: inOrg(),
                expected: "ImplicitlyDenied",
            },
        ]);
    });
});
