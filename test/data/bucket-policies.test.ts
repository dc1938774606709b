import { strict as assert } from "assert";
import { dataPerimeterRcp } from "../../components/policies/rcp";
import { LOG_BUCKET_KINDS } from "../../components/shared/names";
import { expectDecisions, SimulationOutcome, uncoveredStatements } from "../support/iam-simulation";
import { expectValidDocuments } from "../support/iam-documents";
import { BACKUP, LOG_ARCHIVE, ORG_ID, overTls, WORKLOAD } from "./fixtures";
import { bucketName, policy, rows } from "./log-bucket-rows";

describe("data: log bucket policies (simulated)", () => {
    it("use only actions, condition keys and ARNs that exist in IAM", async () => {
        await expectValidDocuments(Object.fromEntries(LOG_BUCKET_KINDS.map((k) => [k, policy(k)])));
    });

    for (const kind of LOG_BUCKET_KINDS) {
        let outcomes: SimulationOutcome[] = [];
        it(`${kind}: every request gets its decision`, async () => {
            outcomes = await expectDecisions({ resourcePolicy: policy(kind) }, rows(kind));
        });
        it(`${kind}: every statement is exercised`, () => {
            assert.deepEqual(uncoveredStatements([policy(kind)], outcomes), []);
        });
    }

    it("allows a wildcard principal only within the organization, and non-service writes only under the writer's own transcript prefix", () => {
        for (const kind of LOG_BUCKET_KINDS) {
            for (const s of policy(kind).Statement.filter((x) => x.Effect === "Allow")) {
                if (s.Principal === "*")
                    assert.equal((s.Condition as Record<string, Record<string, unknown>>)?.StringEquals?.["aws:PrincipalOrgID"], ORG_ID, `${kind}/${s.Sid}`);
                const writes = ([] as string[]).concat(s.Action ?? []).some((a) => a === "s3:PutObject");
                const service = typeof s.Principal === "object" && "Service" in s.Principal;
                if (writes && !service)
                    assert.deepEqual(
                        [kind, s.Resource],
                        ["access-logs", `arn:aws:s3:::${bucketName(kind)}/session-manager/\${aws:PrincipalAccount}/*`],
                        `${kind}/${s.Sid} lets a non-service write`,
                    );
            }
        }
    });
});

describe("data: log bucket policies do not depend on the organization's accounts", () => {
    it("name no member account beyond the readers, so adding an account changes none of them", () => {
        for (const kind of LOG_BUCKET_KINDS) {
            const text = JSON.stringify(policy(kind));
            for (const member of [WORKLOAD, BACKUP, LOG_ARCHIVE]) assert.ok(!text.includes(member), `${kind} names account ${member}`);
        }
    });

    it("lose nothing a per-account grant gave: the organization's RCP denies a delivery that names an account but not the organization", async () => {
        const rcp = dataPerimeterRcp({ organizationId: ORG_ID });
        const object = `arn:aws:s3:::${bucketName("flow-logs")}/AWSLogs/${WORKLOAD}/vpcflowlogs/eu-west-1/x.log.gz`;
        const owner = { "s3:x-amz-acl": "bucket-owner-full-control" };
        await expectDecisions({ rcps: { rcp }, resourcePolicy: policy("flow-logs") }, [
            {
                description: "flow-log delivery for an org account, with its organization",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceOrgID": ORG_ID, "aws:SourceAccount": WORKLOAD, ...owner }),
                expected: "Allowed",
            },
            {
                description: "flow-log delivery naming only an org account",
                principal: "delivery.logs.amazonaws.com",
                action: "s3:PutObject",
                resource: object,
                resourceAccount: LOG_ARCHIVE,
                context: overTls({ "aws:SourceAccount": WORKLOAD, ...owner }),
                expected: "ExplicitlyDenied",
                statement: "EnforceConfusedDeputyProtection",
            },
        ]);
    });
});
