import * as aws from "@pulumi/aws";

const trust = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }],
});

const deployer = new aws.iam.Role("deployer", {
    assumeRolePolicy: trust,
    inlinePolicies: [{ name: "everything", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }) }],
});

const s3Admin = new aws.iam.Policy("s3-admin", {
    policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
});
new aws.iam.RolePolicyAttachment("deployer-s3", { role: deployer.name, policyArn: s3Admin.arn });

const ops = new aws.iam.Role("ops", { assumeRolePolicy: trust });
new aws.iam.RolePolicyAttachment("ops-admin", { role: ops.name, policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" });
