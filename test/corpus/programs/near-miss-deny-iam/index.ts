import * as aws from "@pulumi/aws";

const provider = new aws.Provider("workload", {
    region: "us-west-2",
    allowedAccountIds: ["111111111111"],
    defaultTags: { tags: { Environment: "prod", Owner: "team-shop", CostCenter: "cc-1234" } },
});
const opts = { provider };
const role = new aws.iam.Role(
    "ci-deploy",
    {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    },
    opts,
);
const policy = new aws.iam.Policy(
    "ci-deploy",
    {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject"], Resource: "arn:aws:s3:::artifacts-111111111111/*" },
                { Sid: "NoIam", Effect: "Deny", Action: ["iam:*"], Resource: "*" },
                { Sid: "NoOrg", Effect: "Deny", NotAction: ["s3:*"], Resource: "*", Condition: { StringNotEquals: { "aws:RequestedRegion": "us-west-2" } } },
            ],
        }),
    },
    opts,
);
new aws.iam.RolePolicyAttachment("ci-deploy", { role: role.name, policyArn: policy.arn }, opts);
new aws.iam.RolePolicy(
    "ci-deploy-inline",
    {
        role: role.name,
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:ViaAWSService": "false" } } }],
        }),
    },
    opts,
);
