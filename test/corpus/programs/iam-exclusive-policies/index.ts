import * as aws from "@pulumi/aws";

const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const builder = new aws.iam.Role("builder", { assumeRolePolicy: trust });

new aws.iam.RolePolicy("builder-iam", {
    role: builder.name,
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["iam:*"], Resource: "*" }] }),
});
new aws.iam.RolePoliciesExclusive("builder-inline", { roleName: builder.name, policyNames: ["builder-iam"] });

const everything = new aws.iam.Policy("builder-everything", {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:CreateUser", Resource: "*" }] }),
});
new aws.iam.RolePolicyAttachmentsExclusive("builder-managed", { roleName: builder.name, policyArns: [everything.arn] });

const admins = new aws.iam.Group("admins");
new aws.iam.GroupPolicyAttachmentsExclusive("admins-managed", { groupName: admins.name, policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] });
new aws.iam.PolicyAttachment("admins-iam-full", { groups: [admins.name], policyArn: "arn:aws:iam::aws:policy/IAMFullAccess" });
