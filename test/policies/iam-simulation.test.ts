import assert from "node:assert/strict";
import { policyDocument } from "../../components/policies/document";
import { expectDecisions, simulate, uncoveredStatements } from "../support/iam-simulation";
import { policyDocumentProblems } from "../support/iam-documents";

const ACCOUNT = "111111111111";
const role = `arn:aws:iam::${ACCOUNT}:role/app`;

describe("iam-simulation helper", () => {
    const denyStop = policyDocument([{ Sid: "DenyStopLogging", Effect: "Deny", Action: "cloudtrail:StopLogging", Resource: "*" }]);

    it("reports the decision and the denying Sid", async () => {
        const outcome = await simulate(
            { scps: { denyStop } },
            {
                description: "stop",
                principal: role,
                action: "cloudtrail:StopLogging",
                resource: `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/t`,
                expected: "ExplicitlyDenied",
            },
        );
        assert.equal(outcome.decision, "ExplicitlyDenied");
        assert.deepEqual(outcome.deniedBy, ["DenyStopLogging"]);
    });

    it("throws on a row whose decision differs from the table", async () => {
        await assert.rejects(
            expectDecisions({ scps: { denyStop } }, [
                { description: "wrongly expected allowed", principal: role, action: "cloudtrail:StopLogging", resource: "*", expected: "Allowed" },
            ]),
            /wrongly expected allowed.*got ExplicitlyDenied/s,
        );
    });

    it("flags context keys the action ignores, since such a row proves nothing", async () => {
        await assert.rejects(
            expectDecisions({ scps: { denyStop } }, [
                {
                    description: "irrelevant key",
                    principal: role,
                    action: "iam:ListRoles",
                    resource: "*",
                    context: { "ec2:MetadataHttpTokens": "required" },
                    expected: "Allowed",
                },
            ]),
            /ec2:MetadataHttpTokens do not apply/,
        );
    });

    it("reports statements without a denied and an allowed request", async () => {
        const outcomes = await expectDecisions({ scps: { denyStop } }, [
            {
                description: "stop",
                principal: role,
                action: "cloudtrail:StopLogging",
                resource: "*",
                expected: "ExplicitlyDenied",
                statement: "DenyStopLogging",
            },
        ]);
        assert.deepEqual(uncoveredStatements([denyStop], outcomes), ["DenyStopLogging: no nearby simulated request is shown to be allowed"]);
    });

    it("finds unknown actions, wildcards matching nothing, unknown or inapplicable condition keys, and misfit ARNs", async () => {
        const doc = policyDocument([
            {
                Sid: "Typos",
                Effect: "Deny",
                Action: ["cloudtrail:StopLoging", "cloudtrail:Nothing*", "nosuchservice:Get", "s3:GetObject"],
                Resource: ["arn:aws:s3:::bucket/*", "arn:aws:cloudtrail:eu-west-1:111111111111:trail/x", "arn:aws:sqs:eu-west-1:111111111111:q"],
                Condition: { StringEquals: { "aws:PrincipalOrgId": "o-1", "s3:NoSuchKey": "x", "ec2:MetadataHttpTokens": "required" } },
            },
        ]);
        const problems = await policyDocumentProblems(doc);
        const text = problems.join("\n");
        assert.match(text, /unknown action "cloudtrail:StopLoging"/);
        assert.match(text, /"cloudtrail:Nothing\*" matches no cloudtrail action/);
        assert.match(text, /unknown service "nosuchservice"/);
        assert.match(text, /unknown condition key "s3:NoSuchKey"/);
        assert.match(text, /"ec2:MetadataHttpTokens" is supported by none/);
        assert.match(text, /resource "arn:aws:sqs:eu-west-1:111111111111:q" fits no resource type/);
        assert.doesNotMatch(text, /aws:PrincipalOrgId/, "global keys are case-insensitive");
        assert.doesNotMatch(text, /bucket/);
        assert.equal(problems.length, 6);
    });

    it("accepts a valid document", async () => {
        const doc = policyDocument([
            {
                Sid: "RequireImdsV2",
                Effect: "Deny",
                Action: "ec2:RunInstances",
                Resource: "arn:*:ec2:*:*:instance/*",
                Condition: { StringNotEquals: { "ec2:MetadataHttpTokens": "required" } },
            },
            { Sid: "Tags", Effect: "Deny", Action: "s3:CreateBucket", Resource: "*", Condition: { Null: { "aws:RequestTag/Owner": "true" } } },
        ]);
        assert.deepEqual(await policyDocumentProblems(doc), []);
    });
});
